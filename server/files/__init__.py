"""The restaurant's setup as files a person edits: the menu (JSON or a spreadsheet's CSV, with
pictures: ``menu_file``, ``pictures``) and the floor plan (``floor_file``). Each reads a file into
a plan of what it adds, changes and keeps, and writes the current state back out.

Promises: a file with errors imports nothing and names every error with its place; importing
the same file twice changes nothing the second time.

May import: ``domain``, ``store``.
"""
