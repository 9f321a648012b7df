"""The API's routes, one module per resource; api.main includes them in this order."""

from api.routes import (
    beheer,
    chat,
    eligibility,
    feedback,
    health,
    pages,
    session,
    zorgkantoor,
)

ROUTERS = [
    chat.router,
    eligibility.router,
    feedback.router,
    session.router,
    zorgkantoor.router,
    health.router,
    pages.router,
    beheer.router,
]
