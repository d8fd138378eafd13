"""Event files of other datasets, written by the tests: invented rows in POLECAT's and
ICEWS's column layouts."""

from __future__ import annotations

from pathlib import Path

from detente.formats.polecat import POLECAT_COLUMNS

POLECAT_ROWS: tuple[dict[str, str], ...] = (
    {"Event ID": "20230420-ab12", "Event Date": "2023-04-20", "Event Type": "CONSULT",
     "Event Mode": "visit", "Intensity": "4", "Quad Code": "1", "Contexts": "diplomacy",
     "Actor Name": "Eli Cohen", "Actor Country": "ISR", "Primary Actor Sector": "GOV",
     "Recipient Name": "Ilham Aliyev", "Recipient Country": "AZE",
     "Primary Recipient Sector": "GOV", "Placename": "Baku", "Country": "AZE",
     "Latitude": "40.38", "Longitude": "49.89", "Source": "wire-a", "Version": "1.2"},
    {"Event ID": "20230127-cd34", "Event Date": "2023-01-27", "Event Type": "accuse",
     "Event Mode": "", "Intensity": "-3", "Quad Code": "VERBAL CONFLICT",
     "Actor Name": "Foreign Ministry", "Actor Country": "Azerbaijan",
     "Primary Actor Sector": "GOV", "Recipient Name": "Iran", "Recipient Country": "IRN",
     "Primary Recipient Sector": "GOV", "Source": "wire-b"},
    {"Event ID": "20230130-ef56", "Event Date": "2023-01-30", "Event Type": "ASSAULT",
     "Event Mode": "drone", "Intensity": "-9", "Quad Code": "",
     "Actor Name": "unknown gunmen", "Actor Country": "", "Primary Actor Sector": "REB",
     "Recipient Name": "embassy guard", "Recipient Country": "AZE",
     "Primary Recipient Sector": "COP", "City": "Tehran", "Country": "Iran",
     "Latitude": "35.7", "Longitude": "51.4", "Source": "wire-c"},
)  # fmt: skip


def write_polecat(
    path: Path,
    rows: tuple[dict[str, str], ...] = POLECAT_ROWS,
    columns: tuple[str, ...] = POLECAT_COLUMNS,
) -> Path:
    lines = ["\t".join(columns)]
    lines += ["\t".join(row.get(c, "") for c in columns) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


ICEWS_HEADER = (
    "Event ID\tEvent Date\tSource Name\tSource Sectors\tSource Country\tEvent Text\t"
    "CAMEO Code\tIntensity\tTarget Name\tTarget Sectors\tTarget Country\tStory ID\t"
    "Sentence Number\tPublisher\tCity\tDistrict\tProvince\tCountry\tLatitude\tLongitude"
)
ICEWS_ROWS = (
    "926685\t2023-01-27\tIlham Aliyev\tGovernment,Executive\tAzerbaijan\tAccuse\t112\t-2.0\t"
    "Iran\tGovernment\tIran\t28235806\t1\tTrend News Agency\tBaku\t\tBaki\tAzerbaijan\t40.4\t49.9",
    "926686\t2023-04-20\tEli Cohen\tGovernment\tIsrael\tExpress intent to meet or negotiate\t"
    "42\t1.9\tAzerbaijan\tGovernment\tAzerbaijan\t28235900\t2\tThe Times of Israel\tBaku\t\t"
    "Baki\tAzerbaijan\t40.4\t49.9",
    "926687\t2023-01-30\tIran\tGovernment\tIran\tExpel or deport individuals\t174\t-5.0\t"
    "Azerbaijan\tGovernment\tAzerbaijan\t28236000\t1\tIRNA\tTehran\t\tTehran\tIran\t35.7\t51.4",
)


def write_icews(path: Path, rows: tuple[str, ...] = ICEWS_ROWS) -> Path:
    path.write_text(ICEWS_HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path
