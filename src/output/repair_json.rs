use crate::repair::engine::Repaired;
use crate::text::Document;
use serde_json::{Value, json};

/// The JSON record of one repaired document. Spans are byte ranges of the
/// original input (after mapping through BOM/encoding/NFC changes).
pub fn repair_record(doc: &Document, repaired: &Repaired, include_text: bool) -> Value {
    let changes: Vec<Value> = repaired
        .changes
        .iter()
        .map(|c| {
            let span = doc.input_span(&c.span);
            json!({
                "line": c.line,
                "span": [span.start, span.end],
                "original": c.original,
                "replacement": c.replacement,
                "confidence": round3(c.confidence),
                "alternatives": c.alternatives.iter().map(|(t, p)| json!({"text": t, "confidence": round3(*p)})).collect::<Vec<_>>(),
            })
        })
        .collect();
    let mut rec = json!({
        "source": doc.source,
        "encoding": doc.encoding,
        "words": repaired.words,
        "changed": repaired.changes.len(),
        "changes": changes,
    });
    if include_text {
        rec["text"] = Value::String(repaired.rewrite.text.clone());
    }
    rec
}

/// Three decimals are plenty for a confidence and keep JSON readable.
pub fn round3(x: f32) -> f64 {
    (f64::from(x) * 1000.0).round() / 1000.0
}
