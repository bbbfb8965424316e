"""baocao: repair OCR-mangled Vietnamese administrative documents and
extract their header, sections, references, dates and dossier counts.

The records are exactly the JSON records of ``baocao extract`` (same
``schema_version``, described in the repository's ``docs/record.md``), as
plain ``dict``s. A :class:`Pipeline` loads the model (embedded in the
package) once; the module-level :func:`repair` and :func:`extract` use a
cached default one.

>>> import baocao
>>> baocao.repair("Pang uy di ban hanh Quyét dinh s6 101-QD/PU ngay 05/03/2024\\n")
'Đảng ủy đã ban hành Quyết định số 101-QĐ/ĐU ngày 05/03/2024\\n'
"""

from __future__ import annotations

import json
import os
import threading
from typing import Any, Iterable, Iterator, Literal, Optional, Union

from . import _baocao
from .errors import Error, InputError, ModelError, OptionError

__all__ = [
    "Error",
    "InputError",
    "ModelError",
    "OptionError",
    "Pipeline",
    "SCHEMA_VERSION",
    "TABLES",
    "extract",
    "repair",
    "table_columns",
    "table_rows",
    "to_frame",
]

#: The crate version; records carry it as ``producer.version``.
__version__: str = _baocao.CRATE_VERSION
#: Version of the record contract (``schema_version`` of every record).
SCHEMA_VERSION: str = _baocao.SCHEMA_VERSION
#: The CSV tables of a document record, as ``baocao run --table`` names them.
TABLES = ("dossiers", "references", "dates", "sections", "header", "warnings")

Record = dict[str, Any]
Input = Union[str, bytes, "os.PathLike[str]", tuple[str, Union[str, bytes]]]


class Pipeline:
    """A loaded model plus the options to run it with (the command line's
    flags of the same names). Share one: every method may be called from
    several threads, and the model is loaded only once.

    :param input_kind: what damaged the text: ``"auto"`` (decided per
        document), ``"ocr"``, ``"plain"`` (diacritics stripped) or ``"clean"``.
    :param tone_style: ``"old"`` (``hòa``) or ``"new"`` (``hoà``).
    :param min_confidence: leave words whose repair is less certain (0–1).
    :param keep_digits: never turn stand-alone 1–3 digit numbers into words.
    :param encoding: read bytes in this encoding instead of detecting it.
    :param lossy: replace invalid UTF-8 with U+FFFD instead of failing.
    :param repair: repair before extracting (``False``: read as it is).
    :param include_text: put the repaired text into records (``"text"``).
    :param model_dir: a folder written by ``baocao train``.
    :param jobs: threads for calls that name none (default: one per core).
    :raises OptionError: for a value out of range or an unknown name.
    :raises ModelError: when ``model_dir`` holds no usable model.
    """

    def __init__(
        self,
        *,
        input_kind: str = "auto",
        tone_style: str = "old",
        min_confidence: Optional[float] = None,
        keep_digits: bool = False,
        encoding: Optional[str] = None,
        lossy: bool = False,
        repair: bool = True,
        include_text: bool = False,
        model_dir: Optional[Union[str, "os.PathLike[str]"]] = None,
        jobs: Optional[int] = None,
    ) -> None:
        self._p = _baocao._Pipeline(
            input_kind=input_kind,
            tone_style=tone_style,
            min_confidence=min_confidence,
            keep_digits=keep_digits,
            encoding=encoding,
            lossy=lossy,
            repair=repair,
            include_text=include_text,
            model_dir=None if model_dir is None else os.fspath(model_dir),
            jobs=jobs,
        )

    @property
    def model(self) -> str:
        """Fingerprint of the loaded model (``producer.model`` of records)."""
        return self._p.model

    def adapt_to_files(
        self, paths: Iterable[Union[str, "os.PathLike[str]"]]
    ) -> Optional[dict[str, Any]]:
        """Learns the OCR channel of the files ``paths`` before repairing
        them, as ``baocao run`` does unless ``--adapt off``: repairs their
        first 128 KiB, re-estimates the channel from the words it read, and
        uses it from then on when it explains them clearly better (another
        OCR engine than the trained one). Returns the summary's
        ``adaptation`` (``words``, ``changed``, ``gain``, ``applied``), or
        ``None`` for fewer than 2,000 OCR words.

        :raises OptionError: when a call on another thread is using the
            pipeline meanwhile.
        """
        done = self._p.adapt_to_files([os.fspath(p) for p in paths])
        if done is None:
            return None
        words, changed, gain, applied = done
        return {"words": words, "changed": changed, "gain": gain, "applied": applied}

    def repair(self, text: str) -> str:
        """The repaired text of ``text``: diacritics and OCR confusions
        undone, layout kept byte for byte. Runs with the GIL released."""
        return self._p.repair(text)

    def extract(self, data: Union[str, bytes], *, source: str = "-") -> Record:
        """The record of one document, equal to ``baocao extract``'s JSON.

        ``str`` is read as it is (``encoding`` is ``"utf-8"``); ``bytes``
        are decoded as the command line decodes a file (encoding detected,
        named in the record). ``source`` is the record's ``source`` (the
        command line's is the path as given, ``-`` for standard input).

        :raises InputError: when the bytes cannot be decoded; the message
            names ``source``, the line and the byte offset.
        """
        return json.loads(self._p.extract_json(data, source))

    def map(
        self,
        inputs: Iterable[Input],
        jobs: Optional[int] = None,
        *,
        errors: Literal["raise", "yield"] = "raise",
        output: Literal["dict", "json"] = "dict",
    ) -> Iterator[Any]:
        """Records of many inputs, computed in parallel on Rust threads with
        the GIL released, yielded in input order (whatever ``jobs`` is).

        Each input is a ``str`` (a text, source ``-``), ``bytes`` (a file's
        contents, source ``-``), an ``os.PathLike`` such as
        ``pathlib.Path`` (a file, read on the worker thread; source is the
        path as given) or a ``(source, str | bytes)`` pair. Inputs are taken
        from ``inputs`` in windows of 64, so a generator of paths may be
        endless.

        :param jobs: threads (default: the pipeline's ``jobs``, else one
            per core).
        :param errors: ``"raise"`` raises an input's :class:`InputError` when
            its turn comes; ``"yield"`` yields the exception in its place
            and goes on, as ``baocao run`` reports a file and goes on.
        :param output: ``"dict"`` records, or ``"json"``: each record as the
            exact line ``baocao run`` prints (without the newline).
        """
        if errors not in ("raise", "yield"):
            raise OptionError(f"errors must be 'raise' or 'yield', not {errors!r}")
        if output not in ("dict", "json"):
            raise OptionError(f"output must be 'dict' or 'json', not {output!r}")
        return _results(self._p.map_json(inputs, jobs), errors == "raise", output == "dict")


def _results(it: Iterator[Any], raise_errors: bool, as_dict: bool) -> Iterator[Any]:
    for item in it:
        if isinstance(item, BaseException):
            if raise_errors:
                raise item
            yield item
        elif as_dict:
            yield json.loads(item)
        else:
            yield item


_defaults: dict[tuple[Any, ...], Pipeline] = {}
_defaults_lock = threading.Lock()


def _default(**options: Any) -> Pipeline:
    """A cached pipeline with these options (the model is loaded once per
    distinct set of options)."""
    key = tuple(sorted(options.items()))
    with _defaults_lock:
        p = _defaults.get(key)
        if p is None:
            p = _defaults[key] = Pipeline(**options)
        return p


def repair(
    text: str,
    *,
    input_kind: str = "auto",
    tone_style: str = "old",
    min_confidence: Optional[float] = None,
) -> str:
    """The repaired text of ``text`` (see :meth:`Pipeline.repair`), with a
    cached pipeline of these options.

    :raises OptionError: for an unknown name or a confidence outside 0–1.
    """
    p = _default(input_kind=input_kind, tone_style=tone_style, min_confidence=min_confidence)
    return p.repair(text)


def extract(data: Union[str, bytes], *, repair: bool = True, source: str = "-") -> Record:
    """The record of one document, equal to ``baocao extract``'s JSON (see
    :meth:`Pipeline.extract`); ``repair=False`` is ``--no-repair``.

    :raises InputError: when the bytes cannot be decoded.
    """
    return _default(repair=repair).extract(data, source=source)


def table_columns(table: str) -> list[str]:
    """The columns of a CSV table (one of :data:`TABLES`), as
    ``baocao run --format csv --table TABLE`` prints them."""
    return _baocao.table_columns(table)


def table_rows(records: Iterable[Union[Record, str]], table: str) -> list[list[str]]:
    """The CSV cells of ``table`` for ``records`` (dicts, or JSON strings as
    ``Pipeline.map(output="json")`` yields), exactly as the command line
    writes them: text, with ``""`` for a missing value.

    :raises OptionError: for a table that is not one of :data:`TABLES`.
    :raises ValueError: for a dict that is not a baocao record.
    """
    rows: list[list[str]] = []
    for r in records:
        rows.extend(_baocao.table_rows(r if isinstance(r, str) else json.dumps(r), table))
    return rows


def to_frame(records: Iterable[Union[Record, str]], table: str = "dossiers") -> Any:
    """A pandas ``DataFrame`` of one CSV table of ``records``: the same
    columns and cells as ``baocao run --format csv --table TABLE`` (cells
    are text as in the CSV; convert with ``pandas.to_numeric`` where
    needed).

    :raises ImportError: when pandas is not installed.
    :raises OptionError: for a table that is not one of :data:`TABLES`.
    """
    columns = table_columns(table)
    try:
        import pandas
    except ImportError as e:
        raise ImportError(
            "baocao.to_frame needs pandas, which is not installed: "
            "pip install pandas (or pip install './python[pandas]')"
        ) from e
    return pandas.DataFrame(table_rows(records, table), columns=columns, dtype=object)
