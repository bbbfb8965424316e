//! The vocabulary of issuing bodies, in their written form: the offices
//! that sign (`Bộ trưởng`, `Chủ tịch`), the bodies that stand alone
//! (`Chính phủ`, `Quốc hội`), the bodies named by an administrative level
//! (`Ủy ban nhân dân tỉnh X`, `Tỉnh ủy X`), and the heads that open a named
//! body (`Bộ Tài chính`, `Sở Xây dựng`, `Ban Thường vụ Tỉnh ủy`).
//!
//! Sources: Luật Tổ chức Chính phủ and Luật Tổ chức chính quyền địa
//! phương (the organs and their heads), Decree 30/2020/NĐ-CP Appendix I
//! (how the issuing authority is written), Hướng dẫn 36-HD/VPTW (Party
//! organs). Matching is done on the folded (ASCII, lower-case) form.

/// Offices whose holder signs for a body (`Bộ trưởng Bộ Tài chính`).
pub const ROLES: &[&str] = &[
    "Thủ tướng",
    "Phó Thủ tướng",
    "Bộ trưởng",
    "Thứ trưởng",
    "Chủ tịch",
    "Phó Chủ tịch",
    "Giám đốc",
    "Phó Giám đốc",
    "Tổng Giám đốc",
    "Cục trưởng",
    "Phó Cục trưởng",
    "Tổng cục trưởng",
    "Chi cục trưởng",
    "Vụ trưởng",
    "Chủ nhiệm",
    "Phó Chủ nhiệm",
    "Trưởng ban",
    "Phó Trưởng ban",
    "Chánh Văn phòng",
    "Chánh Thanh tra",
    "Tổng Thanh tra",
    "Viện trưởng",
    "Chánh án",
    "Tổng Kiểm toán",
    "Thống đốc",
    "Bí thư",
    "Phó Bí thư",
    "Hiệu trưởng",
    "Tổng Thư ký",
    "Trưởng phòng",
    "Chủ tịch nước",
];

/// Bodies complete in themselves.
pub const FIXED_BODIES: &[&str] = &[
    "Chính phủ",
    "Quốc hội",
    "Ủy ban Thường vụ Quốc hội",
    "Văn phòng Chính phủ",
    "Văn phòng Quốc hội",
    "Văn phòng Trung ương Đảng",
    "Văn phòng Chủ tịch nước",
    "Bộ Chính trị",
    "Ban Bí thư",
    "Tòa án nhân dân tối cao",
    "Viện Kiểm sát nhân dân tối cao",
    "Kiểm toán Nhà nước",
    "Ngân hàng Nhà nước Việt Nam",
    "Ngân hàng Nhà nước",
    "Đảng",
];

/// Bodies named by the administrative unit they serve (`UBND tỉnh X`).
pub const LEVEL_BODIES: &[&str] = &[
    "Ủy ban nhân dân",
    "UBND",
    "Hội đồng nhân dân",
    "HĐND",
    "Thường trực Hội đồng nhân dân",
    "Thường trực HĐND",
    "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "Ủy ban MTTQ Việt Nam",
    "Tỉnh ủy",
    "Thành ủy",
    "Huyện ủy",
    "Quận ủy",
    "Thị ủy",
    "Đảng ủy",
    "Ban Thường vụ Tỉnh ủy",
    "Ban Thường vụ Thành ủy",
    "Ban Thường vụ Huyện ủy",
    "Ban Thường vụ Đảng ủy",
    "Ban Chấp hành Đảng bộ",
    "Công an",
    "Bộ Chỉ huy Quân sự",
    "Kho bạc Nhà nước",
    "Bảo hiểm xã hội",
    "Thuế",
    "Chi cục Thuế",
];

/// Bodies named after their task, in small letters (`Ban chỉ đạo xây
/// dựng chính quyền thân thiện huyện Hiệp Hòa`).
pub const TASK_BODIES: &[&str] = &[
    "Ban Chỉ đạo",
    "BCĐ",
    "Ban Điều hành",
    "Ban Quản lý",
    "Tổ công tác",
    "Hội đồng thẩm định",
    "Tổ giúp việc",
];

/// Words that open a body named after them (`Bộ` + `Tài chính`).
pub const HEADS: &[&str] = &[
    "Bộ",
    "Liên Bộ",
    "Sở",
    "Liên Sở",
    "Cục",
    "Tổng cục",
    "Chi cục",
    "Vụ",
    "Ban",
    "Văn phòng",
    "Trung tâm",
    "Viện",
    "Học viện",
    "Trường",
    "Phòng",
    "Thanh tra",
    "Ủy ban",
    "Hội đồng",
    "Hội",
    "Đoàn",
    "Liên đoàn",
    "Đài",
    "Tập đoàn",
    "Tổng công ty",
    "Công ty",
    "Ngân hàng",
    "Quỹ",
    "Đảng đoàn",
    "Ban cán sự đảng",
];

/// Administrative levels, each followed by a place name or standing alone
/// (`Ủy ban nhân dân thành phố`).
pub const LEVELS: &[&str] = &[
    "thành phố",
    "tỉnh",
    "huyện",
    "quận",
    "thị xã",
    "thị trấn",
    "xã",
    "phường",
    "đặc khu",
];

/// Abbreviations written in capitals inside a body's name.
pub const ABBREVIATIONS: &[&str] = &["UBND", "HĐND", "MTTQ", "TP", "BCĐ", "TW", "TƯ"];
