//! Province-level units of Vietnam (the 63 provinces and cities before July
//! 2025, plus the 2025 city of Huế), to tell a province from a smaller unit
//! when a header gives only a name (`Quảng Trị, ngày …` → `tỉnh Quảng
//! Trị`), and to finish a place name the crawl cut (`Minh, ngày …`).
//!
//! Source: `vn_admin_units.gazetteer.tsv` of `../shared/corpora` (PyPI
//! `vietnamadminunits` 1.0.4, MIT): its `province` rows, `Thành phố` ones
//! marked `true`.

use crate::text::fold;

/// Province-level units: name, and whether it is a city under the central
/// government (`thành phố`) rather than a `tỉnh`.
pub const PROVINCES: &[(&str, bool)] = &[
    ("An Giang", false),
    ("Bà Rịa - Vũng Tàu", false),
    ("Bình Dương", false),
    ("Bình Phước", false),
    ("Bình Thuận", false),
    ("Bình Định", false),
    ("Bạc Liêu", false),
    ("Bắc Giang", false),
    ("Bắc Kạn", false),
    ("Bắc Ninh", false),
    ("Bến Tre", false),
    ("Cao Bằng", false),
    ("Cà Mau", false),
    ("Cần Thơ", true),
    ("Gia Lai", false),
    ("Huế", true),
    ("Hà Giang", false),
    ("Hà Nam", false),
    ("Hà Nội", true),
    ("Hà Tĩnh", false),
    ("Hòa Bình", false),
    ("Hưng Yên", false),
    ("Hải Dương", false),
    ("Hải Phòng", true),
    ("Hậu Giang", false),
    ("Hồ Chí Minh", true),
    ("Khánh Hòa", false),
    ("Kiên Giang", false),
    ("Kon Tum", false),
    ("Lai Châu", false),
    ("Long An", false),
    ("Lào Cai", false),
    ("Lâm Đồng", false),
    ("Lạng Sơn", false),
    ("Nam Định", false),
    ("Nghệ An", false),
    ("Ninh Bình", false),
    ("Ninh Thuận", false),
    ("Phú Thọ", false),
    ("Phú Yên", false),
    ("Quảng Bình", false),
    ("Quảng Nam", false),
    ("Quảng Ngãi", false),
    ("Quảng Ninh", false),
    ("Quảng Trị", false),
    ("Sóc Trăng", false),
    ("Sơn La", false),
    ("Thanh Hóa", false),
    ("Thái Bình", false),
    ("Thái Nguyên", false),
    ("Thừa Thiên Huế", false),
    ("Tiền Giang", false),
    ("Trà Vinh", false),
    ("Tuyên Quang", false),
    ("Tây Ninh", false),
    ("Vĩnh Long", false),
    ("Vĩnh Phúc", false),
    ("Yên Bái", false),
    ("Điện Biên", false),
    ("Đà Nẵng", true),
    ("Đắk Lắk", false),
    ("Đắk Nông", false),
    ("Đồng Nai", false),
    ("Đồng Tháp", false),
];

/// Folds a name for comparison, ignoring spaces and hyphens (so letter-
/// spaced `HỒ C H Í M I NH` finds `Hồ Chí Minh`).
pub fn key(s: &str) -> String {
    fold(s)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect()
}

/// The province-level unit named `name` (any case, marks optional; a
/// first `B` or `P` may be OCR's `Đ`, as in `bak Lak` for `Đắk Lắk`).
pub fn province(name: &str) -> Option<(&'static str, bool)> {
    let k = key(name);
    if k.is_empty() {
        return None;
    }
    let exact = PROVINCES.iter().copied().find(|(n, _)| key(n) == k);
    exact.or_else(|| {
        let d = format!("d{}", k.strip_prefix(['b', 'p'])?);
        PROVINCES
            .iter()
            .copied()
            .find(|(n, _)| n.starts_with('Đ') && key(n) == d)
    })
}

/// The one province-level unit whose name ends with the words of `tail`
/// (a place name cut at its start: `Minh` → `Hồ Chí Minh`); `None` when
/// `tail` is a whole name already, or fits several or none.
pub fn province_ending(tail: &str) -> Option<(&'static str, bool)> {
    let t = fold(tail.trim());
    if t.is_empty() || province(tail).is_some() {
        return None;
    }
    let suffix = format!(" {t}");
    let mut hits = PROVINCES
        .iter()
        .copied()
        .filter(|(n, _)| fold(n).ends_with(&suffix));
    let first = hits.next()?;
    hits.next().is_none().then_some(first)
}

/// The `level` word a header uses for a province-level unit.
pub fn level_of(city: bool) -> &'static str {
    if city { "thành phố" } else { "tỉnh" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_provinces_and_finishes_cut_names() {
        assert_eq!(province("QUẢNG TRỊ"), Some(("Quảng Trị", false)));
        assert_eq!(province("Ho Chi Minh"), Some(("Hồ Chí Minh", true)));
        assert_eq!(province("HỒ C H Í M I NH"), Some(("Hồ Chí Minh", true)));
        assert_eq!(province("Đông Sơn"), None);
        // OCR's `b` or `P` for the `Đ` of a name that has one.
        assert_eq!(province("bak Lak"), Some(("Đắk Lắk", false)));
        assert_eq!(province("PONG NAI"), Some(("Đồng Nai", false)));
        assert_eq!(province("Bình Định"), Some(("Bình Định", false)));
        assert_eq!(province("Pinh Dinh"), None);
        assert_eq!(province_ending("Minh"), Some(("Hồ Chí Minh", true)));
        assert_eq!(province_ending("Giang"), None);
        assert_eq!(province_ending("Sơn La"), None);
    }
}
