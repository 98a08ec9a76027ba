"""Command-line front-end: parses arguments, calls the library, renders results."""
