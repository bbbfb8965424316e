//! The vocabulary of legal and administrative documents, shared by the
//! header (a document's own type and number) and references (the types and
//! numbers of documents it cites): type words, what a code's abbreviation
//! says about the type, and the normalisation of OCR'd codes.
//!
//! Sources: Decree 30/2020/NĐ-CP (Appendix III, the abbreviations of state
//! document types) and Hướng dẫn 36-HD/VPTW (Party documents).

/// Canonical document types: folded OCR-tolerant pattern → written form.
pub const TYPES: &[(&str, &str)] = &[
    (r"quyet\s+dinh", "Quyết định"),
    (r"k[e&c]{1,2}\s+hoach", "Kế hoạch"),
    (r"cong\s+v[ai]n", "Công văn"),
    (r"th[oe]ng\s+b[ae]o", "Thông báo"),
    (r"nghi\s+quyet", "Nghị quyết"),
    (r"ket\s+lua?n", "Kết luận"),
    (r"chi\s+th[ij]", "Chỉ thị"),
    (r"nghi\s+dinh", "Nghị định"),
    (r"thong\s+tu", "Thông tư"),
    (r"luat", "Luật"),
    (r"huong\s+dan", "Hướng dẫn"),
    (r"b[ad]o\s+c[ad]o", "Báo cáo"),
    (r"to\s+trinh", "Tờ trình"),
    (r"chuong\s+trinh", "Chương trình"),
    (r"quy\s+che", "Quy chế"),
    (r"quy\s+dinh", "Quy định"),
    (r"de\s+an", "Đề án"),
];

/// Upper-cases a code segment and puts back the `Đ` OCR lost (`QD`→`QĐ`,
/// `PU`→`ĐU`, `NP`→`NĐ`, `HDND`→`HĐND`, `BCP`→`BCĐ`).
pub fn normalize_segment(seg: &str) -> String {
    let s: String = seg.chars().flat_map(|c| c.to_uppercase()).collect();
    if s == "TTR" {
        return "TTr".into();
    }
    if s == "CTR" {
        return "CTr".into();
    }
    // The same restoration repair applies to codes (one shared table).
    crate::repair::abbrev::builtin().segment(&s).unwrap_or(s)
}

/// Normalises the part of a code after the number (`/kh - ubnd` → `/KH-UBND`).
pub fn normalize_code_tail(tail: &str) -> String {
    let mut out = String::new();
    let mut seg = String::new();
    for c in tail.chars() {
        if c == '/' || c == '-' {
            if !seg.is_empty() {
                out.push_str(&normalize_segment(&seg));
                seg.clear();
            }
            out.push(c);
        } else if !c.is_whitespace() {
            seg.push(c);
        }
    }
    if !seg.is_empty() {
        out.push_str(&normalize_segment(&seg));
    }
    out
}

/// The type a code implies by its first abbreviation (`KH` → Kế hoạch).
pub fn type_from_code(segs: &[String], has_year: bool) -> Option<&'static str> {
    let first = segs.first()?;
    let t = match first.as_str() {
        "QĐ" => "Quyết định",
        "KH" => "Kế hoạch",
        "CV" => "Công văn",
        "TB" => "Thông báo",
        "BC" => "Báo cáo",
        "NQ" => "Nghị quyết",
        "TTr" => "Tờ trình",
        "NĐ" => "Nghị định",
        "TT" => "Thông tư",
        "CT" => "Chỉ thị",
        "KL" => "Kết luận",
        "HD" => "Hướng dẫn",
        "CTr" => "Chương trình",
        "ĐA" => "Đề án",
        s if s.starts_with("QH") && has_year => "Luật",
        "UBND" | "HĐND" if segs.len() >= 2 && !has_year => "Công văn",
        _ => return None,
    };
    Some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ocr_segments_get_their_d_back() {
        assert_eq!(normalize_segment("QD"), "QĐ");
        assert_eq!(normalize_segment("Qb"), "QĐ");
        assert_eq!(normalize_segment("0P"), "QĐ");
        assert_eq!(normalize_segment("PU"), "ĐU");
        assert_eq!(normalize_segment("KDVDU"), "KDVĐU");
        assert_eq!(normalize_segment("HU"), "HU");
        assert_eq!(normalize_segment("HDND"), "HĐND");
        assert_eq!(normalize_segment("BCP"), "BCĐ");
        assert_eq!(normalize_segment("NP"), "NĐ");
        assert_eq!(normalize_segment("UBND"), "UBND");
        assert_eq!(normalize_code_tail("/kh - ubnd"), "/KH-UBND");
    }
}
