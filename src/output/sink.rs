/// Output formats shared by `repair`, `extract` and `run`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The repaired text itself.
    Text,
    /// One pretty-printed JSON object per document.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// One CSV row per item of the table chosen with `--table`.
    Csv,
}

/// True when an error chain ends in EPIPE: the reader went away, we stop quietly.
pub fn is_broken_pipe(err: &(dyn std::error::Error + 'static)) -> bool {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = cur {
        if let Some(io) = e.downcast_ref::<std::io::Error>()
            && io.kind() == std::io::ErrorKind::BrokenPipe
        {
            return true;
        }
        if let Some(js) = e.downcast_ref::<serde_json::Error>()
            && js.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe)
        {
            return true;
        }
        if let Some(c) = e.downcast_ref::<csv::Error>()
            && let csv::ErrorKind::Io(io) = c.kind()
            && io.kind() == std::io::ErrorKind::BrokenPipe
        {
            return true;
        }
        cur = e.source();
    }
    false
}
