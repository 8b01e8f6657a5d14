"""Stage 1, read: files and folders → documents (text + id), or a clear error per bad input."""
from attribution.read.documents import Document, ReadError, decode_bytes, iter_documents, read_text_input

__all__ = ["Document", "ReadError", "decode_bytes", "iter_documents", "read_text_input"]
