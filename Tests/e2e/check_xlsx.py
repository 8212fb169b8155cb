"""Opens Grip's XLSX exports with openpyxl: the action list has the rows and values of the CSV
export, due days are real dates, and the recovery map has its header and rows."""

import csv
import datetime
import sys

from openpyxl import load_workbook

actions_xlsx, actions_csv, map_xlsx = sys.argv[1:4]
failed = 0


def check(name, ok):
    global failed
    print(("ok " if ok else "FAILED ") + name)
    failed += 0 if ok else 1


ws = load_workbook(actions_xlsx).active
rows = list(ws.iter_rows(values_only=True))
with open(actions_csv, newline="", encoding="utf-8") as fh:
    expected = list(csv.reader(fh))
check(f"actions.xlsx has the CSV's {len(expected) - 1} rows", len(rows) == len(expected) and len(rows) > 10)
check("the header matches", list(rows[0]) == expected[0])
check("references and titles match", [r[:2] for r in rows[1:]] == [tuple(e[:2]) for e in expected[1:]])
due = rows[0].index("Due")
check("due days are dates", all(isinstance(r[due], datetime.datetime) for r in rows[1:]))
check("due days match the CSV", [r[due].date().isoformat() for r in rows[1:]] == [e[due] for e in expected[1:]])
score = rows[0].index("Risk score")
check("risk scores are numbers", all(isinstance(r[score], (int, float)) for r in rows[1:]))
m = load_workbook(map_xlsx).active
map_rows = list(m.iter_rows(values_only=True))
check(
    f"recovery-map.xlsx has rows ({len(map_rows) - 1})",
    len(map_rows) > 5 and map_rows[0][:4] == ("Service", "Theme", "Reference", "Current action"),
)
print(f"xlsx: {failed} failed")
sys.exit(1 if failed else 0)
