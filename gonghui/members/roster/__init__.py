"""Member rosters in and out of Excel: one parser and one importer for both the CLI and the web upload."""
