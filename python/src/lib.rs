//! The `baocao._baocao` extension: the library's front door
//! (`baocao::Pipeline` and its records) for Python. The Python package
//! (`python/baocao/`) wraps it; records cross as the JSON the CLI prints,
//! so a Python record and `baocao extract` can never disagree.

use baocao::output::csv_table::{self, Table};
use baocao::{DocumentRecord, Encoding, InputKind, Pipeline, ToneStyle};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString, PyTuple};
use std::collections::{HashMap, VecDeque};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError, RwLock};

/// Inputs taken from the Python iterable per parallel step of `map`: the
/// CLI's window (at most 64 files), so memory stays bounded and the
/// threads stay busy.
const WINDOW: usize = 64;

/// A library error as the Python exception of its kind (defined in
/// `baocao/errors.py`), with the CLI's message.
fn py_err(e: baocao::Error) -> PyErr {
    let class = match &e {
        baocao::Error::Input(_) | baocao::Error::Read { .. } => "InputError",
        baocao::Error::Option(_) => "OptionError",
        baocao::Error::Model(_) => "ModelError",
        _ => "Error",
    };
    error_of(class, e.to_string())
}

/// An exception of class `class` of `baocao.errors` carrying `msg`.
fn error_of(class: &str, msg: String) -> PyErr {
    Python::attach(|py| {
        let made = py
            .import("baocao.errors")
            .and_then(|m| m.getattr(class))
            .and_then(|c| c.call1((msg.clone(),)));
        match made {
            Ok(exc) => PyErr::from_value(exc),
            // The package is not importable (the bare extension is used):
            // the message still arrives.
            Err(_) => PyValueError::new_err(msg),
        }
    })
}

/// An option value that is not one of its names, as `OptionError`.
fn option_err(e: impl std::fmt::Display) -> PyErr {
    error_of("OptionError", e.to_string())
}

/// One input of `map` or `extract`.
enum Input {
    /// Decoded text (read as UTF-8).
    Text { source: String, text: String },
    /// Raw bytes (encoding detected).
    Bytes { source: String, bytes: Vec<u8> },
    /// A file, read on the worker thread and streamed.
    Path(PathBuf),
}

impl Input {
    /// `str` → text, `bytes` → raw bytes, `os.PathLike` → a file, and a
    /// `(source, str | bytes)` pair names the text or bytes.
    /// Plain texts and bytes are named `-`, as standard input is.
    fn from_py(item: &Bound<'_, PyAny>) -> PyResult<Input> {
        if let Ok(t) = item.cast::<PyTuple>() {
            if t.len() == 2 {
                let source: String = t.get_item(0)?.extract()?;
                return Input::content(&t.get_item(1)?, source);
            }
            return Err(PyTypeError::new_err(
                "a tuple input must be (source, text or bytes)",
            ));
        }
        if item.is_instance_of::<PyString>() || item.is_instance_of::<PyBytes>() {
            return Input::content(item, "-".to_string());
        }
        match item.extract::<PathBuf>() {
            Ok(p) => Ok(Input::Path(p)),
            Err(_) => Err(PyTypeError::new_err(format!(
                "inputs are str (text), bytes, os.PathLike (a file) or (source, text), not {}",
                item.get_type().name()?
            ))),
        }
    }

    fn content(item: &Bound<'_, PyAny>, source: String) -> PyResult<Input> {
        if let Ok(b) = item.cast::<PyBytes>() {
            return Ok(Input::Bytes {
                source,
                bytes: b.as_bytes().to_vec(),
            });
        }
        match item.extract::<String>() {
            Ok(text) => Ok(Input::Text { source, text }),
            Err(_) => Err(PyTypeError::new_err(format!(
                "expected str or bytes, not {}",
                item.get_type().name()?
            ))),
        }
    }

    /// The input's record, as the CLI reads it.
    fn process(&self, p: &Pipeline) -> baocao::Result<DocumentRecord> {
        match self {
            Input::Text { source, text } => Ok(p.process_text(source, text)),
            Input::Bytes { source, bytes } => p.process(source, bytes),
            Input::Path(path) => {
                let name = path.display().to_string();
                let f = std::fs::File::open(path).map_err(|error| baocao::Error::Read {
                    source_name: name.clone(),
                    error,
                })?;
                p.process_stream(&name, std::io::BufReader::new(f), None)
            }
        }
    }
}

/// A record as the compact JSON line `baocao run` prints (no newline).
fn record_json(rec: &DocumentRecord) -> PyResult<String> {
    serde_json::to_string(rec).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// The pipeline and thread pools behind `baocao.Pipeline`.
#[pyclass(module = "baocao._baocao", name = "_Pipeline", frozen)]
struct PyPipeline {
    /// Behind a lock only so [`PyPipeline::adapt_to_files`] can replace
    /// it; every other call clones the `Arc` and lets go.
    inner: RwLock<Arc<Pipeline>>,
    /// Threads when a call names none (`None`: one per core).
    jobs: Option<usize>,
    /// Pools by thread count, kept so each thread's repair memo stays warm.
    pools: Mutex<HashMap<usize, Arc<rayon::ThreadPool>>>,
}

impl PyPipeline {
    /// Runs `op` on `jobs` threads (or the pipeline's default).
    fn run<R: Send>(
        &self,
        jobs: Option<usize>,
        op: impl FnOnce(&Pipeline) -> R + Send,
    ) -> PyResult<R> {
        let inner = Arc::clone(&self.inner.read().unwrap_or_else(PoisonError::into_inner));
        let Some(n) = jobs.or(self.jobs) else {
            return Ok(op(&inner));
        };
        if n == 0 {
            return Err(option_err("jobs must be at least 1"));
        }
        let pool = {
            let mut pools = self.pools.lock().unwrap_or_else(PoisonError::into_inner);
            match pools.get(&n) {
                Some(p) => Arc::clone(p),
                None => {
                    let p = rayon::ThreadPoolBuilder::new()
                        .num_threads(n)
                        .build()
                        .map(Arc::new)
                        .map_err(|e| option_err(format!("cannot start {n} threads: {e}")))?;
                    pools.insert(n, Arc::clone(&p));
                    p
                }
            }
        };
        Ok(pool.install(|| op(&inner)))
    }
}

#[pymethods]
impl PyPipeline {
    #[new]
    #[pyo3(signature = (*, input_kind="auto", tone_style="old", min_confidence=None,
        keep_digits=false, encoding=None, lossy=false, repair=true, include_text=false,
        model_dir=None, jobs=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        input_kind: &str,
        tone_style: &str,
        min_confidence: Option<f32>,
        keep_digits: bool,
        encoding: Option<&str>,
        lossy: bool,
        repair: bool,
        include_text: bool,
        model_dir: Option<PathBuf>,
        jobs: Option<usize>,
    ) -> PyResult<PyPipeline> {
        let mut b = Pipeline::builder()
            .input_kind(input_kind.parse::<InputKind>().map_err(option_err)?)
            .tone_style(tone_style.parse::<ToneStyle>().map_err(option_err)?)
            .min_confidence(min_confidence.unwrap_or(0.0))
            .keep_digits(keep_digits)
            .lossy(lossy)
            .repair(repair)
            .include_text(include_text);
        if let Some(e) = encoding {
            b = b.encoding(Some(e.parse::<Encoding>().map_err(option_err)?));
        }
        if let Some(dir) = model_dir {
            b = b.model_dir(dir);
        }
        if jobs == Some(0) {
            return Err(option_err("jobs must be at least 1"));
        }
        let inner = py.detach(|| b.build()).map_err(py_err)?;
        Ok(PyPipeline {
            inner: RwLock::new(Arc::new(inner)),
            jobs,
            pools: Mutex::new(HashMap::new()),
        })
    }

    /// The repaired text of `text` (layout kept byte for byte).
    fn repair(&self, py: Python<'_>, text: String) -> PyResult<String> {
        py.detach(|| self.run(None, |p| p.repair_text(&text)))
    }

    /// The record of one input, as compact JSON.
    #[pyo3(signature = (data, source="-"))]
    fn extract_json(
        &self,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        source: &str,
    ) -> PyResult<String> {
        let input = Input::content(data, source.to_string())?;
        let rec = py.detach(|| self.run(None, |p| input.process(p)))?;
        record_json(&rec.map_err(py_err)?)
    }

    /// Records of `inputs` in input order, computed in parallel windows.
    #[pyo3(signature = (inputs, jobs=None))]
    fn map_json(
        slf: &Bound<'_, Self>,
        inputs: &Bound<'_, PyAny>,
        jobs: Option<usize>,
    ) -> PyResult<MapIter> {
        if jobs == Some(0) {
            return Err(option_err("jobs must be at least 1"));
        }
        Ok(MapIter {
            pipeline: slf.clone().unbind(),
            inputs: inputs.try_iter()?.unbind().into_any(),
            jobs,
            ready: VecDeque::new(),
            done: false,
        })
    }

    /// Fingerprint of the loaded model (16 hex digits, as in records).
    #[getter]
    fn model(&self) -> String {
        let inner = self.inner.read().unwrap_or_else(PoisonError::into_inner);
        format!("{:016x}", inner.model_id())
    }

    /// Adapts the OCR channel to the files `paths` (`Pipeline::adapt_to_files`):
    /// `(words, changed, gain, applied)`, or `None` for too few OCR words.
    fn adapt_to_files(
        &self,
        py: Python<'_>,
        paths: Vec<PathBuf>,
    ) -> PyResult<Option<(usize, usize, f64, bool)>> {
        let mut guard = self.inner.write().unwrap_or_else(PoisonError::into_inner);
        let Some(p) = Arc::get_mut(&mut guard) else {
            return Err(option_err(
                "cannot adapt a pipeline while a call is using it",
            ));
        };
        let done = py.detach(|| p.adapt_to_files(&paths));
        Ok(done.map(|a| (a.words, a.changed, a.gain, a.applied)))
    }
}

/// The iterator `Pipeline.map` returns: JSON records (or the error of an
/// input) in input order.
#[pyclass(module = "baocao._baocao")]
struct MapIter {
    pipeline: Py<PyPipeline>,
    inputs: Py<PyAny>,
    jobs: Option<usize>,
    ready: VecDeque<Result<String, PyErr>>,
    done: bool,
}

#[pymethods]
impl MapIter {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    /// The next record as JSON, or the next input's error as the exception
    /// instance (the Python side decides whether to raise it).
    fn __next__(&mut self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        if self.ready.is_empty() && !self.done {
            self.fill(py)?;
        }
        Ok(match self.ready.pop_front() {
            None => None,
            Some(Ok(json)) => Some(PyString::new(py, &json).into_any().unbind()),
            Some(Err(e)) => Some(e.into_value(py).into_any()),
        })
    }
}

impl MapIter {
    /// Takes the next window of inputs from the iterable and processes it
    /// on the pipeline's threads with the GIL released.
    fn fill(&mut self, py: Python<'_>) -> PyResult<()> {
        let it = self.inputs.bind(py).clone();
        let mut items = Vec::with_capacity(WINDOW);
        while items.len() < WINDOW {
            let next = it.call_method0("__next__");
            match next {
                Ok(item) => items.push(Input::from_py(&item)?),
                Err(e) if e.is_instance_of::<pyo3::exceptions::PyStopIteration>(py) => {
                    self.done = true;
                    break;
                }
                Err(e) => return Err(e),
            }
        }
        let pipeline = self.pipeline.get();
        let jobs = self.jobs;
        let records =
            py.detach(|| pipeline.run(jobs, |p| p.map(&items, |input| input.process(p))))?;
        for r in records {
            self.ready.push_back(match r {
                Ok(rec) => record_json(&rec),
                Err(e) => Err(py_err(e)),
            });
        }
        Ok(())
    }
}

/// The table called `name`, if it is one of a document record's.
fn document_table(name: &str) -> PyResult<Table> {
    Table::from_name(name)
        .filter(|t| t.of_document())
        .ok_or_else(|| {
            let names: Vec<&str> = Table::ALL
                .into_iter()
                .filter(|t| t.of_document())
                .map(Table::name)
                .collect();
            option_err(format!("{name:?} is not one of: {}", names.join(", ")))
        })
}

/// The columns of a CSV table, as `baocao run --format csv --table NAME`
/// prints them.
#[pyfunction]
fn table_columns(table: &str) -> PyResult<Vec<&'static str>> {
    Ok(document_table(table)?.header())
}

/// The CSV cells of `table` for one record given as JSON.
#[pyfunction]
fn table_rows(record_json: &str, table: &str) -> PyResult<Vec<Vec<String>>> {
    let t = document_table(table)?;
    let rec: DocumentRecord = serde_json::from_str(record_json)
        .map_err(|e| PyValueError::new_err(format!("not a baocao record: {e}")))?;
    Ok(csv_table::document_rows(t, &rec))
}

/// Rows as the CLI's CSV bytes, the header row first when `header` is set.
#[pyfunction]
fn csv_bytes<'py>(
    py: Python<'py>,
    table: &str,
    rows: Vec<Vec<String>>,
    header: bool,
) -> PyResult<Bound<'py, PyBytes>> {
    let t = document_table(table)?;
    let bytes =
        csv_table::to_bytes(t, header, &rows).map_err(|e| PyValueError::new_err(e.to_string()))?;
    Ok(PyBytes::new(py, &bytes))
}

/// The extension module.
#[pymodule]
mod _baocao {
    #[pymodule_export]
    use super::{MapIter, PyPipeline, csv_bytes, table_columns, table_rows};

    #[pymodule_init]
    fn init(m: &pyo3::Bound<'_, pyo3::types::PyModule>) -> pyo3::PyResult<()> {
        use pyo3::types::PyModuleMethods;
        m.add("SCHEMA_VERSION", baocao::SCHEMA_VERSION)?;
        m.add("CRATE_VERSION", baocao::Producer::new(None).version)?;
        Ok(())
    }
}
