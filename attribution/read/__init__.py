"""Stage 1, read: files and folders → documents (text + id), or a clear error per bad input."""
from attribution.read.documents import (Document, ReadError, decode_bytes, html_mode, iter_documents, read_text_input,
                                       set_html_mode)
from attribution.read.html_article import HTML_MODES

__all__ = ["HTML_MODES", "Document", "ReadError", "decode_bytes", "html_mode", "iter_documents", "read_text_input",
           "set_html_mode"]
