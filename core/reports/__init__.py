"""The reports: the monthly PQRS report, the semester report on the networks and a campaign's closure.

Each is a pure function of a snapshot's tables (plus the period, the settings in force and the narrative
texts people write) that returns a `Report` (core/reports/model.py): its figures, tables and charts, which
a page previews and `report_bytes` (core/reports/formats.py) turns into XLSX, PDF or CSV.
`python -m core informe …` (core/cli/reports.py) writes the same files.
"""
