#!/usr/bin/python3
"""Fill a sheet made by `review` and save it as openpyxl (and so pandas) would.

Called by dist/scripts/make-resaved-sheets.js; run with Debian's python3-openpyxl (/usr/bin/python3).
Usage: resave-sheets.py SPEC.json, where SPEC is
  {"input": "...xlsx", "tab": "Screening", "idColumn": "id", "edits": {"<id>": {"<header>": value}},
   "openpyxl": "out1.xlsx", "pandasLike": "out2.xlsx"}
- openpyxl: load the workbook, fill the cells, save (keeps comments, validations, hidden sheets; writes
  comment parts with absolute paths, which exceljs cannot read: exceljs issue #2797).
- pandasLike: the values of every sheet written into a new workbook, as `pandas.read_excel(sheet_name=None)`
  then `DataFrame.to_excel(index=False)` per sheet would (no styles, no validations, _meta visible).
"""
import json
import sys

import openpyxl


def fill(wb, tab, id_column, edits):
    ws = wb[tab]
    header = [c.value for c in ws[1]]
    id_col = header.index(id_column) + 1
    done = set()
    for row in range(2, ws.max_row + 1):
        rid = ws.cell(row=row, column=id_col).value
        if rid is None:
            continue
        rid = str(rid)
        if rid not in edits:
            continue
        for name, value in edits[rid].items():
            ws.cell(row=row, column=header.index(name) + 1).value = value
        done.add(rid)
    missing = set(edits) - done
    if missing:
        raise SystemExit(f"rows not found in {tab}: {sorted(missing)}")


def main():
    spec = json.load(open(sys.argv[1], encoding="utf-8"))
    wb = openpyxl.load_workbook(spec["input"])
    fill(wb, spec["tab"], spec["idColumn"], spec["edits"])
    wb.save(spec["openpyxl"])

    values = openpyxl.load_workbook(spec["openpyxl"], data_only=True)
    out = openpyxl.Workbook()
    out.remove(out.active)
    for ws in values.worksheets:
        target = out.create_sheet(ws.title)
        for row in ws.iter_rows(values_only=True):
            target.append(list(row))
    out.save(spec["pandasLike"])


if __name__ == "__main__":
    main()
