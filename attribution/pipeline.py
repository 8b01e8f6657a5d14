"""The Python API: ``Attributor.load().extract(text, doc_id=...)`` → a contract report.

Data flows read → split → tag → assemble → report; this class loads the model
once and runs the rest per document (or as a stream over many).  For many documents,
:func:`open_attributor` picks one process or a pool of worker processes from an
:class:`~attribution.options.InferenceOptions` (``workers="auto"`` as on the command line),
and :func:`extract_folder` runs files and folders into report files, on Ray too.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from attribution.options import InferenceOptions
from attribution.read import Document
from attribution.schema import Report, text_digest


class Attributor:
    """A loaded tagger plus the deterministic assembly around it."""

    def __init__(self, tagger, calibration: dict | None = None, disable: tuple[str, ...] = ()):
        from attribution.assemble.build import Assembler

        self.tagger = tagger
        self.calibration = calibration or _load_calibration(tagger.model_dir)
        Assembler(disable)  # unknown or required step names fail here, not on the first document
        self.disable = tuple(disable)

    @classmethod
    def load(cls, model_dir: str | Path | None = None, quantize: bool | None = None, threads: int | None = None,
             stride: float | None = None, engine: str | None = None, disable: tuple[str, ...] = ()) -> Attributor:
        """``engine``: "onnx" (default) or "torch"; ``quantize``: int8 (True) or fp32 (False), None for
        the engine's default (see :meth:`~attribution.tag.tagger.Tagger.load`).
        ``stride``: window step as a share of a window (default :data:`~attribution.tag.windows.DEFAULT_STRIDE`).
        ``disable``: assembly steps to leave out (see :data:`~attribution.assemble.build.DEFAULT_STEPS`)."""
        from attribution.tag.tagger import DEFAULT_STRIDE, Tagger

        return cls(Tagger.load(model_dir, quantize=quantize, threads=threads, stride=stride or DEFAULT_STRIDE,
                               engine=engine), disable=disable)

    @classmethod
    def from_options(cls, options: InferenceOptions) -> Attributor:
        """One in-process model set up as ``options`` say (their ``workers`` and ``backend`` are
        not this class's business: :func:`open_attributor` reads those)."""
        return cls.load(options.model_dir, quantize=options.quantize, threads=options.threads,
                        stride=options.stride, engine=options.engine, disable=options.disable)

    @property
    def model_name(self) -> str:
        return Path(self.tagger.model_dir).name if self.tagger.model_dir else "unsaved"

    def calibrate(self, raw: float, rule: str) -> float:
        from attribution.evaluation.calibration import apply_calibration

        return apply_calibration(self.calibration, raw, rule)

    def retagger(self, text: str):
        """Tags stretches of ``text`` as texts of their own (the nesting step reads reports inside reports so)."""
        def retag(stretches: list[tuple[int, int]]):
            return list(self.tagger.tag_many(text[start:end] for start, end in stretches))
        return retag

    def extract(self, text: str, doc_id: str = "doc", path: str | None = None) -> Report:
        """The report of one text."""
        return next(self.extract_documents([Document(doc_id, text, path)]))

    def extract_documents(self, documents: Iterable[Document],
                          on_failure: Callable[[Document, Exception], None] | None = None) -> Iterator[Report]:
        """Reports for a stream of documents, in order; windows are batched across documents.

        If assembling one document fails, ``on_failure(document, error)`` is told and
        the stream goes on with the next document (without it, the error is raised).

        A document longer than ``SECTION_CHARS`` is tagged and assembled in
        sections cut at paragraph breaks (see :func:`sections`), and the section
        reports are merged into one report with document offsets, so memory and
        time stay bounded by the section size rather than the document's.
        """
        from attribution.assemble.build import build_report

        pending: deque[tuple[Document, list[tuple[int, int]]]] = deque()

        def texts():
            for d in documents:
                cuts = sections(d.text)
                pending.append((d, cuts))
                for a, b in cuts:
                    yield d.text[a:b]  # the whole text itself when there is one section (no copy)

        def failed(doc: Document, err: Exception) -> None:
            if on_failure is None:
                raise err
            on_failure(doc, err)

        parts: list[Report | None] = []
        for tagged in self.tagger.tag_many(texts()):
            doc, cuts = pending[0]
            try:
                part = None if None in parts else build_report(doc.doc_id, tagged.text, tagged, doc.path,
                                                                calibrate=self.calibrate, disable=self.disable,
                                                                retag=self.retagger(tagged.text))
            except Exception as err:
                failed(doc, err)
                part = None
            parts.append(part)
            if len(parts) < len(cuts):
                continue
            pending.popleft()
            if None in parts:
                parts = []
                continue
            try:
                report = parts[0] if len(cuts) == 1 else _merge_sections(doc, cuts, parts)
            except Exception as err:
                failed(doc, err)
                parts = []
                continue
            parts = []
            report.encoding = doc.encoding
            report.warnings = list(doc.warnings)
            if doc.page:
                attach_page(report, doc.page)
            if len(cuts) > 1:
                report.warnings.append(f"long document ({len(doc.text)} characters) processed in {len(cuts)} sections "
                                       f"of at most {SECTION_CHARS}; attributions do not cross section boundaries")
            report.model = self.model_name
            report.text_sha256 = text_digest(doc.text)
            yield report


def open_attributor(options: InferenceOptions | None = None, paths: Sequence[str] = (),
                    workers: int | None = None):
    """The one factory the command line and the API share: an object with
    ``extract_documents(documents, on_failure=None)``, running as ``options`` say.

    ``workers`` (already resolved, as :meth:`InferenceOptions.workers_for` gives it for ``paths``)
    above 1 gives a :class:`~attribution.parallel.ProcessPoolAttributor` of that many one-thread
    workers, else an :class:`Attributor` in this process.  A pool checks at once that the model
    folder holds a saved tagger (:class:`FileNotFoundError`), and loads the model in the workers.
    The Ray backend reads files itself: use :func:`extract_folder` for it.
    """
    from attribution import parallel

    options = options or InferenceOptions()
    n = options.workers_for(paths) if workers is None else workers
    if n > 1:
        return parallel.ProcessPoolAttributor(n, options.model_dir, quantize=options.quantize, engine=options.engine,
                                              stride=options.stride, disable=options.disable)
    return Attributor.from_options(options)


def extract_folder(paths: Sequence[str | Path], out: str | Path | None = None,
                   options: InferenceOptions | None = None, *,
                   emit: Callable[[str], None] | None = None, on_error: Callable[[str], None] | None = None,
                   on_progress: Callable[[str], None] | None = None, resume: bool = True,
                   max_bytes: int | None = None, follow_symlinks: bool = False):
    """Reports for every document under ``paths`` (files, folders searched recursively, JSONL):
    one ``<doc_id>.json`` each in ``out`` (atomic writes, resumed by content hash), or with
    ``out=None`` one JSON line each to ``emit``.  Returns the
    :class:`~attribution.batch.BatchSummary`; failed documents are in it and told to ``on_error``.

    ``options`` decide the model and where it runs: ``InferenceOptions(workers="auto")`` starts
    one worker process per core for 8 documents or more, as ``attribution extract`` does;
    ``backend="ray"`` runs on Ray Data actors (``out`` required;
    :class:`~attribution.backends.RayUnavailableError` when Ray is not installed).
    """
    from attribution.batch import run_batch
    from attribution.read.documents import DEFAULT_MAX_BYTES

    options = options or InferenceOptions()
    names = [str(p) for p in paths]
    max_bytes = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    if options.html_mode is not None:
        from attribution.read import set_html_mode

        set_html_mode(options.html_mode)
    if options.backend == "ray":
        if out is None:
            raise ValueError("the Ray backend writes report files: give an output folder")
        from attribution.backends import run_ray_batch
        from attribution.tag.tagger import default_model_dir

        return run_ray_batch(options.model_dir or default_model_dir(), names, Path(out), quantize=options.quantize,
                             address=options.ray_address, actors=options.actors, resume=resume, max_bytes=max_bytes,
                             follow_symlinks=follow_symlinks, on_error=on_error)
    attributor = open_attributor(options, names)
    return run_batch(attributor, names, out, emit=emit, on_error=on_error, on_progress=on_progress, resume=resume,
                     max_bytes=max_bytes, follow_symlinks=follow_symlinks)


def attach_page(report: Report, page: dict[str, str]) -> None:
    """Give a web page's report its ``page`` field and, where no dateline names the publisher,
    the page's site name as publisher: the first place the site name occurs in the text
    (whole words, any case), so the publisher stays a span of the report's text.  A site name
    the text never mentions stays in ``page`` only."""
    import re

    from attribution.schema import Span

    report.page = dict(page)
    site = page.get("site_name")
    if report.publisher is not None or not site or not site.strip():
        return
    found = re.search(r"(?<!\w)" + re.escape(site.strip()) + r"(?!\w)", report.text, re.IGNORECASE)
    if found:
        report.publisher = Span(found.start(), found.end(), report.text[found.start():found.end()])


# Documents longer than this many characters are processed in sections (news
# articles are far shorter; this bounds the memory and time of pathological inputs).
SECTION_CHARS = 100_000
_CUT_AFTER = ("\n\n", "\n", ". ", " ")


def sections(text: str, limit: int | None = None) -> list[tuple[int, int]]:
    """``text`` cut into consecutive ``(start, end)`` pieces of at most ``limit`` characters.

    Cuts go after a paragraph break where there is one in the second half of the
    piece, else after a line break, a full stop, a space; else (no whitespace at
    all) at the limit itself.
    """
    limit = limit or SECTION_CHARS
    n = len(text)
    out: list[tuple[int, int]] = []
    start = 0
    while n - start > limit:
        cut = start + limit
        for sep in _CUT_AFTER:
            i = text.rfind(sep, start + limit // 2, start + limit)
            if i != -1:
                cut = i + len(sep)
                break
        out.append((start, cut))
        start = cut
    out.append((start, n))
    return out


def _merge_sections(doc: Document, cuts: list[tuple[int, int]], parts: list[Report]) -> Report:
    """One report from the reports of a document's sections: offsets shifted, ids renumbered, sources merged."""
    from attribution.assemble.publisher import find_publisher
    from attribution.assemble.sources import _norm
    from attribution.schema import Source

    sentences: list = []
    attributions: list = []
    sources: list[Source] = []
    by_key: dict[str, Source] = {}
    for (offset, _), part in zip(cuts, parts):
        seen: set[int] = set()

        def shift(span) -> None:
            if span is not None and id(span) not in seen:  # hedges are shared by sentences and attributions
                seen.add(id(span))
                span.start += offset
                span.end += offset

        ids = {a.id: f"a{len(attributions) + i + 1}" for i, a in enumerate(part.attributions)}
        src_ids: dict[str, str] = {}
        for src in part.sources:
            key = _norm(src.name)
            merged = by_key.get(key)
            if merged is None:
                merged = Source(id=f"s{len(sources) + 1}", name=src.name, kind=src.kind, mentions=[],
                                anonymous=src.anonymous, titles=list(src.titles))
                sources.append(merged)
                by_key[key] = merged
            for m in src.mentions:
                shift(m)
                merged.mentions.append(m)
            src_ids[src.id] = merged.id
        for a in part.attributions:
            for span in a.spans():
                shift(span)
            a.id = ids[a.id]
            a.via = ids.get(a.via)  # None stays None: no id is None
            a.source_id = src_ids.get(a.source_id)
            if a.source is not None and a.source.entity is not None:
                a.source.entity = src_ids.get(a.source.entity)
            attributions.append(a)
        for s in part.sentences:
            shift(s)
            for h in s.hedges:
                shift(h)
            s.index = len(sentences)
            s.attributions = [ids[x] for x in s.attributions]
            sentences.append(s)
    return Report(doc_id=doc.doc_id, path=doc.path, publisher=find_publisher(doc.text), sentences=sentences,
                  attributions=attributions, sources=sources, text=doc.text)


def _load_calibration(model_dir: str | None) -> dict | None:
    import json

    if not model_dir:
        return None
    path = Path(model_dir) / "calibration.json"
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    return None
