"""Other tools' formats: vCard, CSV and JSON imports and exports, iCalendar follow-ups. Imports the layers below."""
