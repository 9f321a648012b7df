#!/usr/bin/env python3
"""Build bot/domain/zorgkantoor/regions.json from open data (standard library only).

Inputs
  --opendata DIR   the CBS/PDOK copies (default /work/shared/data/opendata, or $ZK_OPENDATA):
                   gemeente_2026.geojson, zorgkantoorregio_2025.geojson,
                   gemeente_zorgkantoorregio_2026.csv (see that folder's README).
  bot/domain/zorgkantoor/sources/pc4_geonames.csv      PC4 centre points (shipped extract)
  bot/domain/zorgkantoor/sources/plaatsen_geonames.csv populated places (shipped extract)

  --pc4-json FILE / --plaatsen-csv FILE   re-make the two shipped extracts from the upstream
                   files (adriaanvermeire/zipcodes netherlands.json, fyris-rd/plaatsen_in_nederland
                   plaatsen_in_nederland.csv) before building.

Output (--out, default the shipped file): one JSON document with sorted keys, see
docs/zorgkantoor.md. Every PC4 centre and every place point is given the 2026 gemeente whose
polygon contains it (ray casting, even-odd, holes respected); a point in no polygon (coast,
simplified border) goes to the gemeente with the nearest edge. The same inputs give the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import importlib.util
import io
import json
import math
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "bot" / "domain" / "zorgkantoor"
SOURCES = PACKAGE / "sources"
PC4_EXTRACT = SOURCES / "pc4_geonames.csv"
PLAATSEN_EXTRACT = SOURCES / "plaatsen_geonames.csv"
BORDER_KM = 1.5
DEFAULT_OUT = PACKAGE / "regions.json"
DEFAULT_OPENDATA = Path(os.environ.get("ZK_OPENDATA", "/work/shared/data/opendata"))


def _load_names():
    """names.py by file path: the package __init__ imports PyYAML, the build needs only stdlib."""
    spec = importlib.util.spec_from_file_location("zorgkantoor_names", PACKAGE / "names.py")
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {PACKAGE / 'names.py'}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_names = _load_names()
normalise, base_name = _names.normalise, _names.base_name

# Hand-kept aliases: spelling (as shown) -> 2026 gemeente name. Well-known other names, and
# former gemeenten (merged since 2010 into exactly one gemeente) whose name is not itself a
# woonplaats in the PC4 data. Split-up former gemeenten (Haaren, Littenseradiel, Maasdonk,
# Menameradiel) are left out: their villages are found as woonplaatsen.
ALIASES = {
    "Den Bosch": "'s-Hertogenbosch",
    "Hertogenbosch": "'s-Hertogenbosch",
    "'s-Hertogenbosch": "'s-Hertogenbosch",
    "Den Haag": "'s-Gravenhage",
    "The Hague": "'s-Gravenhage",
    "'s-Gravenhage": "'s-Gravenhage",
    "Gravenhage": "'s-Gravenhage",
    "Hengelo Overijssel": "Hengelo (O.)",
    "Bergen Noord-Holland": "Bergen (NH.)",
    "Bergen Limburg": "Bergen (L.)",
    # former gemeenten
    "Beemster": "Purmerend",
    "Bernisse": "Nissewaard",
    "Binnenmaas": "Hoeksche Waard",
    "Cromstrijen": "Hoeksche Waard",
    "De Marne": "Het Hogeland",
    "Dongeradeel": "Noardeast-Fryslân",
    "Eemsmond": "Het Hogeland",
    "Ferwerderadiel": "Noardeast-Fryslân",
    "Franekeradeel": "Waadhoeke",
    "Giessenlanden": "Molenlanden",
    "Haarlemmerliede en Spaarnwoude": "Haarlemmermeer",
    "het Bildt": "Waadhoeke",
    "Kollumerland": "Noardeast-Fryslân",
    "Kollumerland en Nieuwkruisland": "Noardeast-Fryslân",
    "Korendijk": "Hoeksche Waard",
    "Landerd": "Maashorst",
    "Leeuwarderadeel": "Leeuwarden",
    "Lingewaal": "West Betuwe",
    "Menterwolde": "Midden-Groningen",
    "Molenwaard": "Molenlanden",
    "Nederlek": "Krimpenerwaard",
    "Onderbanken": "Beekdaelen",
    "Reiderland": "Oldambt",
    "Rijnwaarden": "Zevenaar",
    "Rijnwoude": "Alphen aan den Rijn",
    "Ten Boer": "Groningen",
    "Westvoorne": "Voorne aan Zee",
    "Zederik": "Vijfheerenlanden",
    "Zeevang": "Edam-Volendam",
}

SOURCE_NOTES = [
    {
        "name": "CBS/PDOK gebiedsindelingen: gemeenten 2026",
        "file": "gemeente_2026.geojson",
        "via": "GitHub cartomap/nl, wgs84/gemeente_2026.geojson, "
        "commit 01e3b4cea860e7bb5dc3bddbfff72d3e4f4709e6 (simplified for country-scale maps)",
        "licence": "CC BY 4.0 (CBS/PDOK)",
        "date": "2026",
    },
    {
        "name": "CBS/PDOK gebiedsindelingen: zorgkantoorregio's 2025",
        "file": "zorgkantoorregio_2025.geojson",
        "via": "GitHub cartomap/nl, wgs84/zorgkantoorregio_2025.geojson, same commit",
        "licence": "CC BY 4.0 (CBS/PDOK)",
        "date": "2025",
    },
    {
        "name": "gemeente -> zorgkantoorregio 2026 (derived from the two files above)",
        "file": "gemeente_zorgkantoorregio_2026.csv",
        "via": "derived by point-in-polygon, see docs/zorgkantoor.md",
        "licence": "CC BY 4.0 (CBS/PDOK)",
        "date": "2026-12-01",
    },
    {
        "name": "GeoNames postal codes NL (PC4 with place name and centre point)",
        "file": "sources/pc4_geonames.csv",
        "via": "GitHub adriaanvermeire/zipcodes, netherlands.json, "
        "commit 55fb8dddb80253d345ae2b0c0656841ebf1d2741 (2018-04-20)",
        "licence": "CC BY 4.0 (GeoNames, www.geonames.org); the repository has no licence file",
        "date": "2018-04-20",
    },
    {
        "name": "GeoNames populated places NL (woonplaatsen and kernen with a point)",
        "file": "sources/plaatsen_geonames.csv",
        "via": "GitHub fyris-rd/plaatsen_in_nederland, plaatsen_in_nederland.csv, "
        "commit e767275584e95dce2ab653824f73bb169f7b9dec (2024-02-08)",
        "licence": "CC BY 4.0 (GeoNames, www.geonames.org); the repository has no licence file",
        "date": "2024-02-08",
    },
]


def plain(name: str) -> str:
    """The name without a bracketed province hint: "Hengelo (Gld)" -> "Hengelo"."""
    return re.sub(r"\s*\([^)]*\)", "", name).strip()


def log(message: str) -> None:
    print(f"[build_zorgkantoor] {message}", file=sys.stderr, flush=True)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --------------------------------------------------------------------------- geometry
def _polygons(geometry: dict) -> list[list[list[tuple[float, float]]]]:
    """GeoJSON Polygon/MultiPolygon -> list of polygons, each a list of rings (first = outer)."""
    if geometry["type"] == "Polygon":
        polys = [geometry["coordinates"]]
    elif geometry["type"] == "MultiPolygon":
        polys = geometry["coordinates"]
    else:
        raise ValueError(f"unexpected geometry {geometry['type']}")
    return [[[(float(x), float(y)) for x, y, *_ in ring] for ring in poly] for poly in polys]


def _in_ring(x: float, y: float, ring: list[tuple[float, float]]) -> bool:
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


class Area:
    def __init__(self, code: str, name: str, geometry: dict) -> None:
        self.code = code
        self.name = name
        self.polys = _polygons(geometry)
        xs = [x for poly in self.polys for x, _ in poly[0]]
        ys = [y for poly in self.polys for _, y in poly[0]]
        self.bbox = (min(xs), min(ys), max(xs), max(ys))

    def contains(self, x: float, y: float) -> bool:
        x0, y0, x1, y1 = self.bbox
        if not (x0 <= x <= x1 and y0 <= y <= y1):
            return False
        for poly in self.polys:
            if _in_ring(x, y, poly[0]) and not any(_in_ring(x, y, hole) for hole in poly[1:]):
                return True
        return False

    def distance(self, x: float, y: float) -> float:
        """Smallest distance (km, equirectangular) from the point to any edge."""
        kx = 111.32 * math.cos(math.radians(52.2))
        ky = 110.57
        best = math.inf
        for poly in self.polys:
            for ring in poly:
                for (ax, ay), (bx, by) in zip(ring, ring[1:], strict=False):
                    ax_, ay_, bx_, by_ = ax * kx, ay * ky, bx * kx, by * ky
                    px, py = x * kx, y * ky
                    dx, dy = bx_ - ax_, by_ - ay_
                    length = dx * dx + dy * dy
                    t = (
                        0.0
                        if length == 0
                        else max(0.0, min(1.0, ((px - ax_) * dx + (py - ay_) * dy) / length))
                    )
                    d = math.hypot(px - (ax_ + t * dx), py - (ay_ + t * dy))
                    best = min(best, d)
        return best


class Locator:
    def __init__(self, areas: list[Area]) -> None:
        self.areas = sorted(areas, key=lambda a: a.code)
        self.outside = 0
        self.overlap = 0

    def locate(self, lon: float, lat: float) -> str:
        hits = [a.code for a in self.areas if a.contains(lon, lat)]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            self.overlap += 1
            return hits[0]
        self.outside += 1
        return min(self.areas, key=lambda a: (a.distance(lon, lat), a.code)).code


# --------------------------------------------------------------------------- sources
def extract_pc4(upstream: Path) -> None:
    """netherlands.json -> sources/pc4_geonames.csv (pc4,name,lat,lon; upstream order kept)."""
    rows = json.loads(upstream.read_text(encoding="utf-8"))
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["pc4", "name", "latitude", "longitude"])
    for row in rows:
        writer.writerow([row["zipcode"], row["name"].strip(), row["latitude"], row["longitude"]])
    PC4_EXTRACT.write_text(buf.getvalue(), encoding="utf-8")
    log(
        f"wrote {PC4_EXTRACT.relative_to(ROOT)} from {upstream} ({len(rows)} rows, sha256 {sha256(upstream)[:16]}...)"
    )


def extract_plaatsen(upstream: Path) -> None:
    """plaatsen_in_nederland.csv -> sources/plaatsen_geonames.csv (geonameid,name,asciiname,lat,lon)."""
    with upstream.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["geonameid", "name", "asciiname", "latitude", "longitude"])
    for row in rows:
        writer.writerow(
            [
                row["geonameid"],
                row["name"].strip(),
                row["asciiname"].strip(),
                row["latitude"],
                row["longitude"],
            ]
        )
    PLAATSEN_EXTRACT.write_text(buf.getvalue(), encoding="utf-8")
    log(
        f"wrote {PLAATSEN_EXTRACT.relative_to(ROOT)} from {upstream} ({len(rows)} rows, sha256 {sha256(upstream)[:16]}...)"
    )


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# --------------------------------------------------------------------------- build
def build(opendata: Path) -> dict:
    gem_file = opendata / "gemeente_2026.geojson"
    reg_file = opendata / "zorgkantoorregio_2025.geojson"
    map_file = opendata / "gemeente_zorgkantoorregio_2026.csv"
    for path in (gem_file, reg_file, map_file, PC4_EXTRACT, PLAATSEN_EXTRACT):
        if not path.is_file():
            raise SystemExit(f"missing input: {path}")

    log(f"reading {reg_file.name}")
    regions = {
        f["properties"]["statcode"]: f["properties"]["statnaam"]
        for f in json.loads(reg_file.read_text(encoding="utf-8"))["features"]
    }
    log(f"  {len(regions)} regions")

    log(f"reading {gem_file.name}")
    gem_features = json.loads(gem_file.read_text(encoding="utf-8"))["features"]
    areas = [
        Area(f["properties"]["statcode"], f["properties"]["statnaam"], f["geometry"])
        for f in gem_features
    ]
    gem_names = {a.code: a.name for a in areas}
    log(f"  {len(areas)} gemeenten")

    log(f"reading {map_file.name}")
    gemeenten: dict[str, dict] = {}
    for row in read_csv(map_file):
        code, region = row["gemeentecode"], row["zorgkantoorregio_code"]
        if code not in gem_names:
            raise SystemExit(f"{code} in {map_file.name} is not a 2026 gemeente")
        if region not in regions or regions[region] != row["zorgkantoorregio_naam"]:
            raise SystemExit(f"{code}: region {region} does not match {reg_file.name}")
        if code in gemeenten:
            raise SystemExit(f"{code} twice in {map_file.name}")
        gemeenten[code] = {"name": gem_names[code], "region": region}
    missing = sorted(set(gem_names) - set(gemeenten))
    if missing:
        raise SystemExit(f"gemeenten without a region: {missing}")

    locator = Locator(areas)

    log(f"assigning PC4 centres from {PC4_EXTRACT.name} to gemeenten (point in polygon)")
    entries: list[tuple[str, str, str, float, float]] = []
    postal_names: dict[str, dict[str, int]] = {}
    display: dict[str, str] = {}
    pc4_rows = read_csv(PC4_EXTRACT)
    for n, row in enumerate(pc4_rows, 1):
        code = locator.locate(float(row["longitude"]), float(row["latitude"]))
        entries.append(
            (
                row["pc4"],
                normalise(row["name"]),
                code,
                float(row["longitude"]),
                float(row["latitude"]),
            )
        )
        for key, shown in {
            normalise(row["name"]): row["name"],
            base_name(row["name"]): plain(row["name"]),
        }.items():
            postal_names.setdefault(key, {}).setdefault(code, 0)
            postal_names[key][code] += 1
            display.setdefault(key, shown)
        if n % 1000 == 0:
            log(f"  {n}/{len(pc4_rows)}")
    pc4_outside, pc4_overlap = locator.outside, locator.overlap
    log(f"assigning places from {PLAATSEN_EXTRACT.name} to gemeenten")
    locator.outside = locator.overlap = 0
    place_names: dict[str, set[str]] = {}
    pl_rows = read_csv(PLAATSEN_EXTRACT)
    for n, row in enumerate(pl_rows, 1):
        code = locator.locate(float(row["longitude"]), float(row["latitude"]))
        for raw in (row["name"], row["asciiname"]):
            for key, shown in {
                normalise(raw): row["name"],
                base_name(raw): plain(row["name"]),
            }.items():
                if key:
                    place_names.setdefault(key, set()).add(code)
                    display.setdefault(key, shown)
        if n % 2000 == 0:
            log(f"  {n}/{len(pl_rows)}")
    log(f"  {len(pl_rows)} places; {locator.outside} outside every polygon -> nearest")

    # Tier 1: gemeente names (with and without the bracketed province hint) and aliases.
    gemeente_keys: dict[str, set[str]] = {}
    for code, info in gemeenten.items():
        for key, shown in {
            normalise(info["name"]): info["name"],
            base_name(info["name"]): plain(info["name"]),
        }.items():
            gemeente_keys.setdefault(key, set()).add(code)
            display.setdefault(key, shown)
    by_name = {info["name"]: code for code, info in gemeenten.items()}
    for alias, name in ALIASES.items():
        if name not in by_name:
            raise SystemExit(f"alias {alias!r} -> unknown gemeente {name!r}")
        gemeente_keys.setdefault(normalise(alias), set()).add(by_name[name])
        display.setdefault(normalise(alias), alias)

    # Tier 2: postal woonplaats names from the PC4 list, the gemeente with most PC4 points first.
    # With the simplified polygons a PC4 centre near a border can fall in the neighbour. So when
    # a name has points in several gemeenten, a gemeente is kept only if a GeoNames place of
    # that name lies in it, or it holds at least 2 points and 1/3 of them; if that keeps
    # nothing, all are kept.
    woonplaatsen: dict[str, list[str]] = {}
    dropped = 0
    for key, counts in postal_names.items():
        total = sum(counts.values())
        places = place_names.get(key, set())
        keep = [g for g, c in counts.items() if g in places or (c >= 2 and c * 3 >= total)]
        if len(counts) == 1 or not keep:
            keep = list(counts)
        keep.sort(key=lambda g: (-counts[g], g))
        dropped += len(counts) - len(keep)
        woonplaatsen[key] = keep
    log(f"  {len(woonplaatsen)} postal names; {dropped} border artefacts dropped")

    # PC4 -> gemeente. A PC4 centre whose place name has a home gemeente (tier 2) elsewhere, while
    # that home lies within BORDER_KM, is a border artefact of the simplified polygons: it follows
    # its woonplaats. Farther away it is a homonym (Hoorn on Terschelling) and keeps its polygon.
    log("assigning PC4s to gemeenten")
    area_by_code = {a.code: a for a in areas}
    pc4_votes: dict[str, list[str]] = {}
    corrected = 0
    for code4, key, code, lon, lat in entries:
        home = woonplaatsen.get(key, [])
        if home and code not in home:
            near = min(home, key=lambda g: (area_by_code[g].distance(lon, lat), g))
            if area_by_code[near].distance(lon, lat) <= BORDER_KM:
                code = near
                corrected += 1
        pc4_votes.setdefault(code4, []).append(code)
    pc4: dict[str, str] = {}
    split_pc4 = 0
    for code4, votes in pc4_votes.items():
        # Several place names (and centre points) for one PC4: the gemeente with the most
        # points wins; a tie goes to the first point in the source.
        counts = {g: votes.count(g) for g in votes}
        best = max(counts.values())
        pc4[code4] = next(g for g in votes if counts[g] == best)
        if len(counts) > 1:
            split_pc4 += 1
    log(
        f"  {len(pc4)} PC4s ({len(entries)} points; {pc4_outside} outside every polygon -> nearest, "
        f"{pc4_overlap} in two polygons, {corrected} border points moved to their woonplaats, "
        f"{split_pc4} PC4s with points in more than one gemeente)"
    )

    # Tier 3: GeoNames places not already known as a postal name.
    plaatsen = {k: sorted(v) for k, v in place_names.items() if k not in woonplaatsen}

    names_display = {
        k: display[k]
        for k in sorted(set(gemeente_keys) | set(woonplaatsen) | set(plaatsen))
        if k in display
    }

    region_count = {r: 0 for r in regions}
    for info in gemeenten.values():
        region_count[info["region"]] += 1

    header = {
        "about": "Zorgkantoorregio lookup table for Zorgwegwijzer, built by scripts/build_zorgkantoor.py; "
        "do not edit by hand (docs/zorgkantoor.md).",
        "sources": [
            dict(
                s,
                sha256=sha256(
                    (opendata / s["file"])
                    if not s["file"].startswith("sources/")
                    else PACKAGE / s["file"]
                ),
            )
            for s in SOURCE_NOTES
        ],
        "coverage": {
            "regions": len(regions),
            "gemeenten": len(gemeenten),
            "pc4": len(pc4),
            "pc4_points": len(pc4_rows),
            "pc4_points_outside_polygons": pc4_outside,
            "pc4_split_over_gemeenten": split_pc4,
            "pc4_points_moved_to_their_woonplaats": corrected,
            "woonplaatsen_postal": len(woonplaatsen),
            "plaatsen_geonames_extra": len(plaatsen),
            "regions_without_gemeente": sorted(r for r, c in region_count.items() if c == 0),
        },
    }
    return {
        "header": header,
        "regions": dict(sorted(regions.items())),
        "gemeenten": dict(sorted(gemeenten.items())),
        "gemeente_names": {k: sorted(v) for k, v in sorted(gemeente_keys.items())},
        "pc4": dict(sorted(pc4.items())),
        "woonplaatsen": dict(sorted(woonplaatsen.items())),
        "plaatsen": dict(sorted(plaatsen.items())),
        "display": names_display,
    }


def dump(table: dict) -> str:
    """Sorted keys; one entry of each section per line (small diffs when the data changes)."""

    def value(v: object) -> str:
        return json.dumps(v, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    sections = []
    for name in sorted(table):
        body = table[name]
        lines = [f"  {value(k)}:{value(body[k])}" for k in sorted(body)]
        sections.append(f"{value(name)}:{{\n" + ",\n".join(lines) + "\n}")
    return "{\n" + ",\n".join(sections) + "\n}\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--opendata", type=Path, default=DEFAULT_OPENDATA)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument(
        "--pc4-json", type=Path, help="upstream netherlands.json: re-make the PC4 extract"
    )
    parser.add_argument(
        "--plaatsen-csv",
        type=Path,
        help="upstream plaatsen_in_nederland.csv: re-make the places extract",
    )
    args = parser.parse_args(argv)
    if args.pc4_json:
        extract_pc4(args.pc4_json)
    if args.plaatsen_csv:
        extract_plaatsen(args.plaatsen_csv)
    table = build(args.opendata)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(dump(table), encoding="utf-8")
    log(f"wrote {args.out} ({args.out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
