"""Getting a shop started: a spreadsheet into the catalog, the first files, the first listings."""
