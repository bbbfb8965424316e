//! The vocabulary of legal and administrative documents, shared by the
//! header (a document's own type and number) and references (the types and
//! numbers of documents it cites): type words, what a code's abbreviation
//! says about the type, and the normalisation of OCR'd codes.
//!
//! Sources: Decree 30/2020/NĐ-CP (Appendix III, the abbreviations of state
//! document types), Luật Ban hành văn bản quy phạm pháp luật (the legal
//! normative kinds: Hiến pháp, Bộ luật, Luật, Pháp lệnh, Thông tư liên
//! tịch, …) and Hướng dẫn 36-HD/VPTW (Party documents).

pub mod agencies;

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
    // Legal normative kinds (Luật Ban hành văn bản QPPL) and the rest of
    // Decree 30/2020/NĐ-CP Appendix III and Hướng dẫn 36-HD/VPTW.
    (r"hien\s+phap", "Hiến pháp"),
    (r"bo\s+luat", "Bộ luật"),
    (r"phap\s+lenh", "Pháp lệnh"),
    (r"thong\s+tu\s+lien\s+tich", "Thông tư liên tịch"),
    (r"nghi\s+quyet\s+lien\s+tich", "Nghị quyết liên tịch"),
    (r"k[e&c]{1,2}\s+hoach\s+hanh\s+dong", "Kế hoạch hành động"),
    (r"chuong\s+trinh\s+hanh\s+dong", "Chương trình hành động"),
    (r"phuong\s+an", "Phương án"),
    (r"du\s+an", "Dự án"),
    (r"thong\s+cao", "Thông cáo"),
    (r"thong\s+tri", "Thông tri"),
    (r"cong\s+dien", "Công điện"),
    (r"bien\s+ban", "Biên bản"),
    (r"hop\s+dong", "Hợp đồng"),
    (r"giay\s+moi", "Giấy mời"),
    (r"lenh", "Lệnh"),
    (r"sac\s+lenh", "Sắc lệnh"),
];

/// Further kinds a document can declare in its own header (Decree
/// 30/2020/NĐ-CP, Appendix III; Hướng dẫn 36-HD/VPTW), beyond [`TYPES`].
pub const HEADER_TYPES: &[(&str, &str)] = &[
    (r"bo\s+luat", "Bộ luật"),
    (r"phap\s+lenh", "Pháp lệnh"),
    (r"phuong\s+an", "Phương án"),
    (r"bien\s+ban", "Biên bản"),
    (r"cong\s+dien", "Công điện"),
    (r"giay\s+moi", "Giấy mời"),
    (r"thong\s+cao", "Thông cáo"),
    (r"thong\s+tri", "Thông tri"),
    (r"du\s+an", "Dự án"),
];

/// Central bodies by the abbreviation their documents' codes carry
/// (`636/TB-VPCP`, `17986/BTC-CT`, `07-KL/VPTW`), for a header that shows
/// no agency line. Local bodies (`UBND`, `HĐND`, `SNV`) need their
/// locality and are not here.
pub const AGENCY_CODES: &[(&str, &str)] = &[
    ("VPCP", "Văn phòng Chính phủ"),
    ("TTg", "Thủ tướng Chính phủ"),
    ("CP", "Chính phủ"),
    ("BTC", "Bộ Tài chính"),
    ("BCT", "Bộ Công Thương"),
    ("BKHCN", "Bộ Khoa học và Công nghệ"),
    ("BKHĐT", "Bộ Kế hoạch và Đầu tư"),
    ("BGDĐT", "Bộ Giáo dục và Đào tạo"),
    ("BYT", "Bộ Y tế"),
    ("BNV", "Bộ Nội vụ"),
    ("BTP", "Bộ Tư pháp"),
    ("BCA", "Bộ Công an"),
    ("BQP", "Bộ Quốc phòng"),
    ("BNG", "Bộ Ngoại giao"),
    ("BXD", "Bộ Xây dựng"),
    ("BGTVT", "Bộ Giao thông vận tải"),
    ("BNNPTNT", "Bộ Nông nghiệp và Phát triển nông thôn"),
    ("BNNMT", "Bộ Nông nghiệp và Môi trường"),
    ("BTNMT", "Bộ Tài nguyên và Môi trường"),
    ("BLĐTBXH", "Bộ Lao động - Thương binh và Xã hội"),
    ("LĐTBXH", "Bộ Lao động - Thương binh và Xã hội"),
    ("BVHTTDL", "Bộ Văn hóa, Thể thao và Du lịch"),
    ("BTTTT", "Bộ Thông tin và Truyền thông"),
    ("BDTTG", "Bộ Dân tộc và Tôn giáo"),
    ("UBDT", "Ủy ban Dân tộc"),
    ("NHNN", "Ngân hàng Nhà nước Việt Nam"),
    ("TTCP", "Thanh tra Chính phủ"),
    ("KTNN", "Kiểm toán Nhà nước"),
    ("TCT", "Tổng cục Thuế"),
    ("TCHQ", "Tổng cục Hải quan"),
    ("CHQ", "Cục Hải quan"),
    ("KBNN", "Kho bạc Nhà nước"),
    ("BHXH", "Bảo hiểm xã hội Việt Nam"),
    ("VPTW", "Văn phòng Trung ương Đảng"),
    ("BTCTW", "Ban Tổ chức Trung ương"),
    ("BTGTW", "Ban Tuyên giáo Trung ương"),
    ("BTGDVTW", "Ban Tuyên giáo và Dân vận Trung ương"),
    ("BDVTW", "Ban Dân vận Trung ương"),
    ("UBKTTW", "Ủy ban Kiểm tra Trung ương"),
];

/// The central body a code segment stands for (`VPCP` → Văn phòng Chính phủ).
pub fn agency_of_code(seg: &str) -> Option<&'static str> {
    AGENCY_CODES
        .iter()
        .find(|(c, _)| crate::text::fold(c) == crate::text::fold(seg))
        .map(|&(_, n)| n)
}

/// Compound kind words and the kind a citation gives them: a `Thông báo
/// kết luận` is cited as a Thông báo (its code says `TB`).
pub const TYPE_ALIASES: &[(&str, &str)] = &[(r"th[oe]ng\s+b[ae]o\s+ket\s+lua?n", "Thông báo")];

/// Kinds that are also cited by their proper name alone, without a number
/// (`Luật Đất đai`, `Bộ luật Lao động`, `Pháp lệnh Ưu đãi người có công`).
pub const NAMED_TYPES: &[&str] = &["Luật", "Bộ luật", "Pháp lệnh", "Hiến pháp"];

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
    // Thủ tướng Chính phủ (Decree 30/2020/NĐ-CP, Appendix III): `QĐ-TTg`.
    if s == "TTG" {
        return "TTg".into();
    }
    // The same restoration repair applies to OCR's codes (one shared table).
    let s = crate::repair::abbrev::builtin()
        .segment(&s, crate::repair::kind::InputKind::Ocr)
        .unwrap_or(s);
    restore_d_components(&s)
}

/// Abbreviation components that contain `Đ` wherever they occur inside a
/// longer code segment (`BLĐTBXH`, `SGDĐT`, `SKHĐT`, `VPCP-QHĐP`): the
/// initials of Lao động, Giáo dục và Đào tạo, Kế hoạch và Đầu tư, Hội đồng
/// nhân dân, Quan hệ địa phương, Đăng ký kinh doanh, Thi đua khen thưởng,
/// Đăng ký đất đai, Liên đoàn lao động, Đại biểu Quốc hội, Kế hoạch hành
/// động. The Party regulation code `QĐi` keeps its lower-case `i`.
const D_COMPONENTS: &[&str] = &[
    "LĐTBXH", "GDĐT", "KHĐT", "HĐND", "QHĐP", "ĐKKD", "TĐKT", "ĐKĐĐ", "LĐLĐ", "ĐBQH", "KHHĐ",
];

/// English-model OCR writes `Đ` as one of these.
fn d_like(c: char) -> bool {
    matches!(c, 'D' | 'P' | 'B' | 'Ð' | 'Đ')
}

/// Puts back the `Đ` of every [`D_COMPONENTS`] entry found in `seg`.
fn restore_d_components(seg: &str) -> String {
    match seg {
        "QDI" | "QĐI" => return "QĐi".into(),
        // `Đ` read as two letters (`QDb-TTg`, `NDb-CP`).
        "QDB" | "QPB" | "0DB" => return "QĐ".into(),
        "NDB" | "NPB" => return "NĐ".into(),
        _ => {}
    }
    let mut chars: Vec<char> = seg.chars().collect();
    for comp in D_COMPONENTS {
        let pat: Vec<char> = comp.chars().collect();
        if pat.len() > chars.len() {
            continue;
        }
        for i in 0..=chars.len() - pat.len() {
            let hit = pat.iter().zip(&chars[i..]).all(
                |(&p, &c)| {
                    if p == 'Đ' { d_like(c) } else { p == c }
                },
            );
            if hit {
                chars[i..i + pat.len()].copy_from_slice(&pat);
            }
        }
    }
    chars.into_iter().collect()
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
        // A Nghị định is the Government's alone (`NĐ-CP`): `NĐ-HĐND` is
        // a slip for another kind.
        "NĐ" if segs.get(1).is_none_or(|s| s == "CP") => "Nghị định",
        "TT" => "Thông tư",
        "CT" => "Chỉ thị",
        "KL" => "Kết luận",
        "HD" => "Hướng dẫn",
        "CTr" => "Chương trình",
        "ĐA" => "Đề án",
        "TTLT" => "Thông tư liên tịch",
        "NQLT" => "Nghị quyết liên tịch",
        "KHHĐ" => "Kế hoạch hành động",
        "PA" => "Phương án",
        "QC" => "Quy chế",
        "QyĐ" | "QYĐ" | "QĐI" | "QĐi" => "Quy định",
        "TC" => "Thông cáo",
        "CĐ" => "Công điện",
        "BB" => "Biên bản",
        "GM" => "Giấy mời",
        "DA" => "Dự án",
        "L" if has_year => "Lệnh",
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
        assert_eq!(normalize_segment("TTG"), "TTg");
        assert_eq!(normalize_segment("ttg"), "TTg");
        assert_eq!(normalize_segment("BCP"), "BCĐ");
        assert_eq!(normalize_segment("NP"), "NĐ");
        assert_eq!(normalize_segment("UBND"), "UBND");
        assert_eq!(normalize_code_tail("/kh - ubnd"), "/KH-UBND");
        assert_eq!(normalize_segment("BLDTBXH"), "BLĐTBXH");
        assert_eq!(normalize_segment("LPTBXH"), "LĐTBXH");
        assert_eq!(normalize_segment("SGDDT"), "SGDĐT");
        assert_eq!(normalize_segment("SKHDT"), "SKHĐT");
        assert_eq!(normalize_segment("QHDP"), "QHĐP");
        assert_eq!(normalize_segment("KHHD"), "KHHĐ");
        assert_eq!(normalize_segment("QDI"), "QĐi");
        assert_eq!(normalize_segment("QDb"), "QĐ");
        assert_eq!(normalize_segment("NDb"), "NĐ");
        // Codes whose D is a real D stay as they are.
        assert_eq!(normalize_segment("BTGDVTW"), "BTGDVTW");
        assert_eq!(normalize_segment("DVC"), "DVC");
    }
}
