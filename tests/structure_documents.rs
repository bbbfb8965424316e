//! Header and outline of every kind of administrative document, on short
//! hand-written documents laid out as Decree 30/2020/NĐ-CP (state) and
//! Hướng dẫn 36-HD/VPTW (Party) lay them out, one line per rendered line as
//! a scan gives them. Each test names the layout it guards.

use std::sync::OnceLock;

use baocao::Pipeline;
use baocao::record::{DocumentRecord, Zone};

/// Structure and extraction of the text as written (no repair), so each test
/// guards the grammar alone.
fn record(text: &str) -> DocumentRecord {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE
        .get_or_init(|| {
            Pipeline::builder()
                .repair(false)
                .build()
                .expect("embedded model")
        })
        .process_text("-", text)
}

fn outline(r: &DocumentRecord) -> Vec<(String, u8)> {
    r.sections
        .iter()
        .map(|s| (s.marker.clone().unwrap_or_default(), s.level))
        .collect()
}

fn owned(v: &[(&str, u8)]) -> Vec<(String, u8)> {
    v.iter().map(|(m, l)| (m.to_string(), *l)).collect()
}

const DECISION: &str = "\
ỦY BAN NHÂN DÂN TỈNH HÀ NAM ------- CỘNG HÒA XÃ HỘI CHỦ
NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc ---------------
Số: 123/QĐ-UBND
Hà Nam, ngày 05 tháng 3 năm 2024
QUYẾT ĐỊNH VỀ VIỆC PHÊ DUYỆT KẾ HOẠCH PHÁT TRIỂN GIAO THÔNG NÔNG
THÔN NĂM 2024 CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HÀ NAM
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
Theo đề nghị của Giám đốc Sở Giao thông vận tải.
Điều 1. Phê duyệt kèm theo Quyết định này Kế hoạch phát triển giao thông
nông thôn năm 2024.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh và các cơ quan liên quan
chịu trách nhiệm thi hành Quyết định này./.
Nơi nhận: - Như Điều 3; - Lưu: VT.
KT. CHỦ TỊCH PHÓ CHỦ TỊCH Trần Văn Bình
KẾ HOẠCH
PHÁT TRIỂN GIAO THÔNG NÔNG THÔN NĂM 2024
(Kèm theo Quyết định số 123/QĐ-UBND ngày 05 tháng 3 năm 2024 của Ủy ban
nhân dân tỉnh Hà Nam)
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
Nâng cao chất lượng đường giao thông nông thôn.
2. Yêu cầu
Bảo đảm đúng tiến độ và chất lượng công trình.
";

#[test]
fn decision_with_merged_motto_fused_type_and_annexed_plan() {
    let r = record(DECISION);
    let h = &r.document;
    assert_eq!(h.number.as_deref(), Some("123/QĐ-UBND"));
    assert_eq!(h.doc_type.as_deref(), Some("Quyết định"));
    assert_eq!(h.issuer.as_deref(), Some("UBND tỉnh Hà Nam"));
    assert_eq!(h.place.as_deref(), Some("Hà Nam"));
    assert_eq!(h.date.as_deref(), Some("2024-03-05"));
    assert_eq!(
        h.title.as_deref(),
        Some("VỀ VIỆC PHÊ DUYỆT KẾ HOẠCH PHÁT TRIỂN GIAO THÔNG NÔNG THÔN NĂM 2024")
    );
    assert_eq!(h.signer.as_deref(), Some("Trần Văn Bình"));
    assert_eq!(
        outline(&r),
        owned(&[
            ("Điều 1.", 1),
            ("Điều 2.", 1),
            ("Điều 3.", 1),
            ("", 1),
            ("I.", 1),
            ("1.", 2),
            ("2.", 2)
        ])
    );
    // A decision's articles are content, without headings of their own.
    assert!(r.sections[..3].iter().all(|s| s.title.is_none()));
    let annex = &r.sections[3];
    assert!(annex.appendix && annex.marker.is_none());
    assert_eq!(
        annex.title.as_deref(),
        Some("KẾ HOẠCH PHÁT TRIỂN GIAO THÔNG NÔNG THÔN NĂM 2024")
    );
    // The caption's date and reference sit in the appendix; the header's
    // date in the header.
    let zones: Vec<(usize, Zone)> = r.dates.iter().map(|d| (d.line, d.zone)).collect();
    assert!(zones.contains(&(4, Zone::Header)), "{zones:?}");
    assert!(
        zones.iter().any(|&(l, z)| l == 18 && z == Zone::Appendix),
        "{zones:?}"
    );
}

#[test]
fn resolution_with_a_normative_number_and_no_so() {
    let r = record(
        "HỘI ĐỒNG NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG\n37/2025/NQ-HĐND\nĐà Nẵng, ngày 10 tháng 12 năm 2025\nNGHỊ QUYẾT QUY ĐỊNH MỨC CHI HỖ TRỢ CÔNG TÁC\nDÂN SỐ TRÊN ĐỊA BÀN THÀNH PHỐ\nHỘI ĐỒNG NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG\nKHÓA X, KỲ HỌP THỨ 5\nCăn cứ Luật Ngân sách nhà nước ngày 25 tháng 6 năm 2015;\nĐiều 1. Phạm vi điều chỉnh\n1. Nghị quyết này quy định mức chi.\nĐiều 2. Tổ chức thực hiện\nGiao Ủy ban nhân dân thành phố tổ chức thực hiện.\n",
    );
    let h = &r.document;
    assert_eq!(h.number.as_deref(), Some("37/2025/NQ-HĐND"));
    assert_eq!(h.doc_type.as_deref(), Some("Nghị quyết"));
    assert_eq!(h.issuer.as_deref(), Some("HĐND thành phố Đà Nẵng"));
    assert_eq!(
        h.title.as_deref(),
        Some("QUY ĐỊNH MỨC CHI HỖ TRỢ CÔNG TÁC DÂN SỐ TRÊN ĐỊA BÀN THÀNH PHỐ")
    );
    assert_eq!(outline(&r), owned(&[("Điều 1.", 1), ("Điều 2.", 1)]));
    assert_eq!(r.sections[0].title.as_deref(), Some("Phạm vi điều chỉnh"));
    assert_eq!(r.sections[1].title.as_deref(), Some("Tổ chức thực hiện"));
}

#[test]
fn letter_whose_subject_follows_its_number_and_whose_body_is_a_ministry() {
    let r = record(
        "Số: 2045/BTC-NSNN V/v hướng dẫn lập dự toán ngân sách\nnhà nước năm 2026\nHà Nội, ngày 02 tháng 7 năm 2025\nKính gửi: Ủy ban nhân dân các tỉnh, thành phố\nBộ Tài chính hướng dẫn như sau:\n",
    );
    let h = &r.document;
    assert_eq!(h.number.as_deref(), Some("2045/BTC-NSNN"));
    assert_eq!(h.doc_type.as_deref(), Some("Công văn"));
    assert_eq!(h.issuer.as_deref(), Some("Bộ Tài chính"));
    assert_eq!(
        h.title.as_deref(),
        Some("V/v hướng dẫn lập dự toán ngân sách nhà nước năm 2026")
    );
    // The place and date line after the subject is still the header's.
    let own = r.dates.iter().find(|d| d.line == 3).map(|d| d.zone);
    assert_eq!(own, Some(Zone::Header));
}

/// A Thủ tướng code keeps its small `g` (Decree 30/2020/NĐ-CP, Appendix
/// III) however it was written, and a year range's text is its numbers.
#[test]
fn a_prime_ministers_code_is_ttg_and_a_range_is_its_numbers() {
    let r = record(
        "Thực hiện Quyết định số 06/QĐ-TTG của Thủ tướng Chính phủ giai đoạn 2026 - 2030.\n",
    );
    assert_eq!(r.references[0].number.as_deref(), Some("06/QĐ-TTg"));
    let range = r.dates.iter().find(|d| d.value == "2026/2030");
    assert_eq!(range.map(|d| d.text.as_str()), Some("2026 - 2030"));
}

#[test]
fn party_guidance_under_the_central_committee() {
    let r = record(
        "BAN CHẤP HÀNH TRUNG ƯƠNG BAN TỔ CHỨC\nSố 15-HD/BTCTW\nHƯỚNG DẪN\nMỘT SỐ NỘI DUNG VỀ CÔNG TÁC CÁN BỘ\nThực hiện Quy định số 12-QĐ/TW của Bộ Chính trị, Ban Tổ chức Trung ương hướng dẫn như sau:\nI. VỀ QUY HOẠCH CÁN BỘ\n1. Về nguyên tắc quy hoạch\nQuy hoạch phải bảo đảm dân chủ, khách quan.\nK/T TRƯỞNG BAN PHÓ TRƯỞNG BAN\nNguyễn Quang Dương\n",
    );
    let h = &r.document;
    assert_eq!(h.number.as_deref(), Some("15-HD/BTCTW"));
    assert_eq!(h.doc_type.as_deref(), Some("Hướng dẫn"));
    assert_eq!(h.issuer.as_deref(), Some("Ban Tổ chức Trung ương"));
    assert_eq!(
        h.title.as_deref(),
        Some("MỘT SỐ NỘI DUNG VỀ CÔNG TÁC CÁN BỘ")
    );
    assert_eq!(h.signer.as_deref(), Some("Nguyễn Quang Dương"));
    assert_eq!(outline(&r), owned(&[("I.", 1), ("1.", 2)]));
}

#[test]
fn plan_headings_are_told_from_numbered_sentences() {
    let r = record(
        "UBND TỈNH LONG AN\nSố: 88/KH-UBND\nLong An, ngày 01 tháng 4 năm 2025\nTRIỂN KHAI CÔNG TÁC CHUYỂN ĐỔI SỐ NĂM 2025\nThực hiện chỉ đạo của Ủy ban nhân dân tỉnh, xây dựng kế hoạch như sau:\nII. MỤC TIÊU\n1. 100% hồ sơ được tiếp nhận trực tuyến trong năm 2025 theo đúng quy định của\npháp luật hiện hành.\n2. 90% người dân hài lòng với dịch vụ công trực tuyến của tỉnh.\nIII. NHIỆM VỤ\n1. Sở Khoa học và Công nghệ\nChủ trì triển khai nền tảng số.\n2. Công an tỉnh: Phối hợp bảo đảm an ninh mạng cho các hệ thống thông tin của tỉnh.\n3. Về đào tạo nhân lực số:\nCác sở tổ chức tập huấn.\n",
    );
    assert_eq!(r.document.doc_type.as_deref(), Some("Kế hoạch"));
    assert_eq!(r.document.issuer.as_deref(), Some("UBND tỉnh Long An"));
    // The plan starts at II. (its I. lost); targets are not headings;
    // addressees and topics are, titled up to the colon.
    assert_eq!(
        outline(&r),
        owned(&[("II.", 1), ("III.", 1), ("1.", 2), ("2.", 2), ("3.", 2)])
    );
    let titles: Vec<&str> = r.sections[2..]
        .iter()
        .filter_map(|s| s.title.as_deref())
        .collect();
    assert_eq!(
        titles,
        [
            "Sở Khoa học và Công nghệ",
            "Công an tỉnh",
            "Về đào tạo nhân lực số"
        ]
    );
}

#[test]
fn regulation_chapters_sections_and_articles_nest() {
    let r = record(
        "Điều 1. Ban hành kèm theo Quyết định này Quy chế làm việc.\nĐiều 2. Quyết định này có hiệu lực kể từ ngày ký.\nNơi nhận: - Lưu: VT.\nQUY CHẾ\nLÀM VIỆC CỦA ỦY BAN NHÂN DÂN XÃ\n(Ban hành kèm theo Quyết định số 10/QĐ-UBND ngày 02/01/2025)\nChương I\nQUY ĐỊNH CHUNG\nĐiều 1. Phạm vi điều chỉnh\n1. Quy chế này quy định nguyên tắc làm việc.\nMục 1. TRÁCH NHIỆM\nĐiều 2. Trách nhiệm của Chủ tịch\na) Chỉ đạo chung.\nChương II\nĐIỀU KHOẢN THI HÀNH\nĐiều 3. Hiệu lực thi hành\n",
    );
    assert_eq!(
        outline(&r),
        owned(&[
            ("Điều 1.", 1),
            ("Điều 2.", 1),
            ("", 1),
            ("Chương I", 1),
            ("Điều 1.", 3),
            ("Mục 1.", 2),
            ("Điều 2.", 3),
            ("Chương II", 1),
            ("Điều 3.", 3)
        ])
    );
    assert_eq!(r.sections[3].title.as_deref(), Some("QUY ĐỊNH CHUNG"));
}

#[test]
fn a_blank_number_is_null_and_a_form_has_no_place() {
    let r = record(
        "TÊN CƠ QUAN\nSố: /BC-UBND\n......., ngày ... tháng ... năm 20...\nBÁO CÁO\nKết quả thực hiện nhiệm vụ\n",
    );
    let h = &r.document;
    assert_eq!(h.number, None);
    assert_eq!(h.doc_type.as_deref(), Some("Báo cáo"));
    assert_eq!(h.place, None);
    assert_eq!(h.date, None);
    assert_eq!(h.issuer, None);
    assert_eq!(h.title.as_deref(), Some("Kết quả thực hiện nhiệm vụ"));
}

#[test]
fn a_letter_spaced_agency_and_place_are_put_back_together() {
    let r = record(
        "ỦY B AN NHÂN D Â N T HÀNH P HỐ HỒ C H Í M I NH ------- CỘNG\nHÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc\nT hành phố Hồ Chí M inh, ngày 28 tháng 6 năm 2014\nVỀ BAN HÀNH KẾ HOẠCH CHỈNH TRANG ĐÔ THỊ\nCăn cứ Luật Tổ chức chính quyền địa phương;\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch.\n",
    );
    let h = &r.document;
    assert_eq!(h.issuer.as_deref(), Some("UBND thành phố Hồ Chí Minh"));
    assert_eq!(h.place.as_deref(), Some("Thành phố Hồ Chí Minh"));
    // No number, no type line: the body calls it a decision.
    assert_eq!(h.doc_type.as_deref(), Some("Quyết định"));
}

#[test]
fn an_issuer_without_an_agency_line_comes_from_code_and_place() {
    let r = record(
        "Số: 06/CT-UBND\nQuảng Bình, ngày 25 tháng 11 năm 2025\nVỀ TĂNG CƯỜNG QUẢN LÝ RỪNG\nTrong những năm qua, công tác quản lý rừng đạt nhiều kết quả.\n",
    );
    assert_eq!(r.document.doc_type.as_deref(), Some("Chỉ thị"));
    assert_eq!(r.document.issuer.as_deref(), Some("UBND tỉnh Quảng Bình"));
}

#[test]
fn a_letter_subject_outranks_a_code_that_reads_as_a_type() {
    // A department's letter: `CT` is its issuer (Cục Thuế), not Chỉ thị.
    let r = record(
        "BỘ TÀI CHÍNH\nCỤC THUẾ\nSố: 1207/CT-TTHT\nV/v kê khai thuế thu nhập cá nhân\nHà Nội, ngày 14 tháng 3 năm 2025\nKính gửi: Công ty cổ phần Sông Hồng.\nCục Thuế nhận được văn bản của Công ty, về vấn đề này Cục Thuế có ý kiến như sau:\n",
    );
    let h = &r.document;
    assert_eq!(h.number.as_deref(), Some("1207/CT-TTHT"));
    assert_eq!(h.doc_type.as_deref(), Some("Công văn"));
    assert_eq!(
        h.title.as_deref(),
        Some("V/v kê khai thuế thu nhập cá nhân")
    );
}

#[test]
fn a_type_word_broken_over_two_narrow_lines_is_read_whole() {
    // A form whose centred `TỜ TRÌNH` wrapped word by word; its addressee's
    // city is not its issuer's.
    let r = record(
        "TỜ\nTRÌNH\nVề việc đề nghị khen thưởng tập thể lao động tiên tiến\nKính gửi: Ủy ban nhân dân tỉnh Nam Định.\n(Tên đơn vị) kính trình Ủy ban nhân dân tỉnh Nam Định xem xét, khen thưởng.\n",
    );
    let h = &r.document;
    assert_eq!(h.doc_type.as_deref(), Some("Tờ trình"));
    assert_eq!(
        h.title.as_deref(),
        Some("Về việc đề nghị khen thưởng tập thể lao động tiên tiến")
    );
    assert_eq!(h.issuer, None);
}

#[test]
fn an_addressee_alone_makes_a_letter_only_when_nothing_else_names_the_kind() {
    let letter = record(
        "ỦY BAN NHÂN DÂN XÃ AN BÌNH\nAn Bình, ngày 02 tháng 5 năm 2025\nKính gửi: Phòng Nội vụ huyện.\nỦy ban nhân dân xã báo cáo như sau:\n",
    );
    assert_eq!(letter.document.doc_type.as_deref(), Some("Công văn"));
    let submission = record(
        "ỦY BAN NHÂN DÂN XÃ AN BÌNH\nAn Bình, ngày 02 tháng 5 năm 2025\nKính gửi: Ủy ban nhân dân huyện.\nNội dung tờ trình gồm hai phần như sau:\n",
    );
    assert_eq!(submission.document.doc_type.as_deref(), Some("Tờ trình"));
}

#[test]
fn a_form_subject_opening_on_a_placeholder_stays_in_the_title() {
    let r = record(
        "Số: /BC-.....\n........, ngày ..... tháng ..... năm 20.....\nBÁO CÁO THIỆT HẠI DO THIÊN TAI\n(tên loại thiên tai) … gây ra tại (tên địa phương) ……\nI. TÌNH HÌNH THIỆT HẠI\n1. Về người\n",
    );
    assert_eq!(r.document.doc_type.as_deref(), Some("Báo cáo"));
    assert_eq!(
        r.document.title.as_deref(),
        Some("THIỆT HẠI DO THIÊN TAI (tên loại thiên tai) … gây ra tại (tên địa phương) ……")
    );
    // A note wholly in parentheses is not part of it.
    let r = record(
        "Số: 12/BC-UBND\nBình Định, ngày 02 tháng 7 năm 2025\nBÁO CÁO THIỆT HẠI DO THIÊN TAI\n(Số liệu tính đến ngày 30/6/2025)\nI. TÌNH HÌNH THIỆT HẠI\n",
    );
    assert_eq!(r.document.title.as_deref(), Some("THIỆT HẠI DO THIÊN TAI"));
}

#[test]
fn an_article_heading_closed_by_a_period_keeps_its_title() {
    let r = record(
        "Điều 1. Ban hành kèm theo Quyết định này Quy chế tiếp công dân.\nĐiều 2. Tổ chức thực hiện.\n1. Văn phòng Ủy ban nhân dân tỉnh hướng dẫn thực hiện Quy chế.\n2. Các sở, ngành triển khai trong phạm vi quản lý.\nĐiều 3. Quyết định này có hiệu lực kể từ ngày ký.\n",
    );
    let titles: Vec<Option<&str>> = r.sections.iter().map(|s| s.title.as_deref()).collect();
    assert_eq!(titles, [None, Some("Tổ chức thực hiện"), None]);
}

#[test]
fn a_party_conclusion_without_an_agency_line_names_its_authors_in_the_title() {
    let r = record(
        "Số 48-KL/TW\nKẾT LUẬN CỦA BỘ CHÍNH TRỊ, BAN BÍ THƯ VỀ CÔNG TÁC QUY HOẠCH CÁN BỘ\nTại phiên họp ngày 05/3/2025, Bộ Chính trị, Ban Bí thư kết luận như sau:\n1. Tiếp tục đổi mới công tác quy hoạch cán bộ.\n",
    );
    let h = &r.document;
    assert_eq!(h.doc_type.as_deref(), Some("Kết luận"));
    assert_eq!(h.issuer.as_deref(), Some("Bộ Chính trị, Ban Bí thư"));
    assert_eq!(
        h.title.as_deref(),
        Some("CỦA BỘ CHÍNH TRỊ, BAN BÍ THƯ VỀ CÔNG TÁC QUY HOẠCH CÁN BỘ")
    );
}

/// The place of the date line is the agency's own locality, which the body
/// names again: a mention given other marks there is read as the body
/// spells it most often.
#[test]
fn place_is_spelt_as_the_document_spells_it_most() {
    let r = record(
        "ỦY BAN NHÂN DÂN XÃ ĐÔNG SƠN\n\
         Số: 12/BC-UBND\n\
         Đồng Sơn, ngày 10 tháng 6 năm 2024\n\
         BÁO CÁO\n\
         Kết quả công tác 6 tháng đầu năm 2024\n\
         Xã Đông Sơn là xã miền núi. Nhân dân xã Đông Sơn đoàn kết.\n\
         UBND xã Đông Sơn báo cáo.\n",
    );
    assert_eq!(r.document.place.as_deref(), Some("Đông Sơn"));
    // One mention each way is no majority: the date line stands.
    let r = record(
        "ỦY BAN NHÂN DÂN XÃ ĐÔNG SƠN\n\
         Số: 12/BC-UBND\n\
         Đồng Sơn, ngày 10 tháng 6 năm 2024\n\
         BÁO CÁO\n\
         Kết quả công tác 6 tháng đầu năm 2024\n",
    );
    assert_eq!(r.document.place.as_deref(), Some("Đồng Sơn"));
}
