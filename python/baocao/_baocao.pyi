"""Types of the compiled extension; use the ``baocao`` package, not this."""

import os
from typing import Any, Iterable, Iterator, Optional, Union

SCHEMA_VERSION: str
CRATE_VERSION: str

class _Pipeline:
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
        model_dir: Optional[Union[str, os.PathLike[str]]] = None,
        jobs: Optional[int] = None,
    ) -> None: ...
    @property
    def model(self) -> str: ...
    def adapt_to_files(self, paths: list[str]) -> Optional[tuple[int, int, float, bool]]: ...
    def repair(self, text: str) -> str: ...
    def extract_json(self, data: Union[str, bytes], source: str = "-") -> str: ...
    def map_json(self, inputs: Iterable[Any], jobs: Optional[int] = None) -> MapIter: ...

class MapIter(Iterator[Union[str, BaseException]]):
    def __iter__(self) -> MapIter: ...
    def __next__(self) -> Union[str, BaseException]: ...

def table_columns(table: str) -> list[str]: ...
def table_rows(record_json: str, table: str) -> list[list[str]]: ...
def csv_bytes(table: str, rows: list[list[str]], header: bool) -> bytes: ...
