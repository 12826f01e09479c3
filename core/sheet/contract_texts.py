"""The words of `docs/contract.md` that are not in the contract's declarations: what each tab is for and what
each type accepts (a declaration of texts; `core.sheet.contract_doc` puts them around the contract)."""

from core.sheet.contract import Kind

INTRO = [
    "# The sheet contract",
    "",
    "<!-- Written by `python -m core.sheet.contract_doc > docs/contract.md` from `core/sheet/contract.py`;",
    "     tests/test_contract_doc.py keeps it equal. Do not edit by hand. -->",
    "",
    "The register is one spreadsheet, the shared Google Sheet (or the embedded SQLite file laid out the same way):",
    "one tab per table, row 1 the headers, one row per record. People type in it by hand as well as through",
    "Divulga, so reading is forgiving: tab names and headers match ignoring case, accents and extra spaces; moved",
    "columns are found by name; extra columns are kept and ignored; blank rows are skipped. Divulga never drops,",
    "renames or reorders what is there; on first use it adds missing tabs and missing headers at the end.",
    "",
    "A row that breaks a rule below (a required cell empty, a value that cannot be read as its type, a value",
    "outside its list, a text over its cap, an ID repeated within a tab) is a **bad row**: it is reported as",
    "`<Tab> fila <n>: <Column>: <reason>`, left out of figures, and never rewritten by the app. Everything else",
    "worth knowing (a row without an ID, a likely duplicate, an area not in `Listas`) is a **notice**.",
]

KIND_TEXTS = {
    Kind.DATE: "a day: `2026-10-03`, `3/10/2026` (day first) or the sheet's serial number",
    Kind.DATETIME: "a moment in Bogotá time: `3/10/2026 2:30 p. m.`, ISO with or without offset, or a serial number",
    Kind.MONTH: "a month: `2026-10`",
    Kind.INT: "a whole number from 0: `1234`, `1.234` or `1 234`",
    Kind.BOOL: "yes or no: `Sí`, `Si`, `x`, `TRUE`, `No`, `FALSE`; empty is no",
    Kind.TEXT: "free text, trimmed, within its cap",
    Kind.ENUM: "one value of its list (see «The lists»)",
    Kind.LIST: "several items split on commas, semicolons or new lines",
    Kind.URL: "one link (`https://…`)",
    Kind.ID: "a record's identifier, made by Divulga; unique within its tab",
}

TAB_PURPOSES = {
    "Solicitudes": "The requests areas make for a publication or a campaign, each moving through the eight stages "
                   "of the procedure (`Etapa`) with a time limit per stage.",
    "Estrategias": "Campaigns (integral strategies): several requests and posts under one name, closed with "
                   "evidence and an analysis of their metrics.",
    "Publicaciones": "The publication grid: every post scheduled on a network, its state, and its figures once "
                     "published (typed, or imported from the network's own export).",
    "Mensajes": "Every citizen message that arrives through the networks: its answer, its classification as a "
                "PQRS, the hand-off to Atención a la Ciudadanía and the filing number.",
    "Monitoreo": "The daily check of each active network: who looked, when, and how many messages were new or "
                 "pending.",
    "Cuentas": "The office's accounts on each network and the date of each password's last rotation (every "
               "three months).",
    "Métricas de cuenta": "Each account's monthly figures: followers, reach, profile visits and messages received.",
    "Plantillas": "Answer templates for citizens' messages, with the date each was last reviewed.",
    "Informes": "The reports sent (the monthly PQRS report, the semester network report): which period, to whom, "
                "when.",
    "Listas": "The office's own lists, edited by the leader: areas and their journalists, extra networks, topics, "
              "groups, plan axes, non-working days and suspensions of legal terms.",
    "Usuarios": "Who uses Divulga: each person's e-mail, name, roles and area.",
    "Ajustes": "The leader's settings, one row per setting (deadlines, approvers, mailboxes…), shared by every "
               "copy of the app and the command line.",
    "Historial": "Every write Divulga made: when, who, which tab and record, the action and the changes "
                 "(`{\"campo\": [antes, después]}`). Divulga only appends to it.",
}
