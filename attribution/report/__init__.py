"""Stage 5, report: the contract JSON, the terminal view, the HTML page, exports."""
