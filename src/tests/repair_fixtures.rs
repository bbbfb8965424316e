//! Repair on the fixture documents keeps everything that is not a word.

use super::{edited_kind, is_word_rewrite};
use crate::repair::engine::{RepairOptions, Session, repair_text};
use crate::repair::kind::InputKind;
use crate::repair::model::Model;
use crate::text::{TokenKind, tokenize};

fn fixtures() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for dir in ["fixtures/seeds", "fixtures/pairs"] {
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        for p in paths {
            out.push((
                p.display().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            ));
        }
    }
    out
}

#[test]
fn fixture_repair_keeps_line_count_and_non_letters() {
    let model = Model::embedded().unwrap();
    let opts = RepairOptions::default();
    let mut session = Session::default();
    for (name, text) in fixtures() {
        let r = repair_text(&text, &model, &opts, &mut session);
        assert_eq!(
            r.rewrite.text.lines().count(),
            text.lines().count(),
            "{name}"
        );
        assert_eq!(
            r.rewrite.text.matches('\n').count(),
            text.matches('\n').count(),
            "{name}"
        );
        // Confidences are probabilities: the choice and its alternatives
        // share one normalisation.
        for c in &r.changes {
            let alts: f32 = c.alternatives.iter().map(|(_, p)| p).sum();
            assert!(
                (0.0..=1.0).contains(&c.confidence)
                    && c.alternatives.iter().all(|(_, p)| (0.0..=1.0).contains(p))
                    && c.confidence + alts <= 1.0 + 1e-4,
                "{name}: {c:?}"
            );
        }
        let tokens = tokenize(&text);
        for e in &r.rewrite.edits {
            let kind = edited_kind(&text, &tokens, &e.original).expect("edits cover whole tokens");
            let new = &r.rewrite.text[e.new.clone()];
            let old = &text[e.original.clone()];
            match kind {
                TokenKind::Word => assert!(is_word_rewrite(old, new), "{name}: {old} → {new}"),
                // Codes only get Đ (and the Q of QĐ) back.
                TokenKind::Code => {
                    assert_eq!(
                        old.chars().count(),
                        new.chars().count(),
                        "{name}: {old} → {new}"
                    );
                    for (a, b) in old.chars().zip(new.chars()) {
                        assert!(a == b || b == 'Đ' || b == 'Q', "{name}: {old} → {new}");
                    }
                }
                // A lone 1–3 digit token may be an OCR'd word (`13` for `là`, `101` for `lời`).
                TokenKind::Number => assert!(
                    old.len() <= 3 && new.chars().all(char::is_alphabetic),
                    "{name}: {old} → {new}"
                ),
                k => panic!("{name}: {k:?} token {old:?} was rewritten to {new:?}"),
            }
        }
    }
}

#[test]
fn seed_example_sentence() {
    let model = Model::embedded().unwrap();
    let mut session = Session::default();
    let r = repair_text(
        "Pang uy di ban hanh Quyét dinh s 101-QD/PU ngay 05/03/2024 vé\n",
        &model,
        &RepairOptions::default(),
        &mut session,
    );
    let out = r.rewrite.text;
    assert!(out.contains("101-QĐ/ĐU ngày 05/03/2024"), "{out}");
    assert!(out.starts_with("Đảng ủy"), "{out}");
    assert!(out.contains("ban hành Quyết định"), "{out}");
}

/// Real documents, cut wherever the chunker may cut (every blank line and
/// sentence-ending line), repair to exactly the bytes of one sequential run.
#[test]
fn fixtures_cut_into_small_chunks_repair_as_one() {
    let model = Model::embedded().unwrap();
    let opts = RepairOptions::default();
    let mut texts = fixtures();
    let mut dev: Vec<_> = std::fs::read_dir("fixtures/extract-dev")
        .unwrap()
        .map(|e| e.unwrap().path().join("ocr.txt"))
        .filter(|p| p.exists())
        .collect();
    dev.sort();
    for p in dev {
        texts.push((
            p.display().to_string(),
            std::fs::read_to_string(&p).unwrap(),
        ));
    }
    for (name, text) in texts {
        let whole = repair_text(&text, &model, &opts, &mut Session::default());
        let cut = crate::pipeline::chunks::repair_parallel(&text, 1, &opts, &|t, o| {
            repair_text(t, &model, o, &mut Session::default())
        });
        assert_eq!(cut.rewrite.text, whole.rewrite.text, "{name}");
        assert_eq!(cut.rewrite.edits, whole.rewrite.edits, "{name}");
        assert_eq!(cut.changes.len(), whole.changes.len(), "{name}");
    }
}

#[test]
fn capitals_are_vietnamese_unless_the_corpus_says_acronym() {
    // `VIET` is a corpus token only because URLs write it unmarked; `IT`
    // and `TOP` are acronyms and English words.
    let model = Model::embedded().unwrap();
    let mut session = Session::default();
    let text = "CONG HOA XA HOI CHU NGHIA VIET NAM\n\
                Cong ty lot vao TOP 10 doanh nghiep IT cua UBND tinh.\n";
    let out = repair_text(text, &model, &RepairOptions::default(), &mut session)
        .rewrite
        .text;
    assert!(
        out.starts_with("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"),
        "{out}"
    );
    assert!(out.contains(" TOP 10 "), "{out}");
    assert!(out.contains(" IT của UBND "), "{out}");
}

/// Lines of capitals (titles, agency blocks): there a short capital word is
/// a word (`AP` → `ÁP`), a title-case token alone among capitals is a
/// damaged capital (`Ké` → `KẾ`), a vowelless acronym stays, and a name in
/// title case after the capitals of a signature stays title case.
#[test]
fn capital_lines_read_short_capitals_as_words() {
    let model = Model::embedded().unwrap();
    let mut session = Session::default();
    let text = "BAN HANH Ké HOACH GIAO DUC THUONG XUYEN AP DUNG TREN DIA BAN TINH\n\
                QUYET DINH VE VIEC THANH LAP BQL DU AN\n\
                KT. CHU TICH PHO CHU TICH Nguyén Van An\n\
                Cong ty AP dung cong nghe moi.\n";
    let out = repair_text(text, &model, &RepairOptions::default(), &mut session)
        .rewrite
        .text;
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("BAN HÀNH KẾ HOẠCH"), "{out}");
    assert!(lines[0].contains(" ÁP DỤNG TRÊN ĐỊA BÀN TỈNH"), "{out}");
    assert!(lines[1].ends_with(" BQL DỰ ÁN"), "{out}");
    assert!(lines[2].ends_with(" Nguyễn Văn An"), "{out}");
    // Off a line of capitals a short capital token is still an acronym.
    assert!(lines[3].contains(" AP "), "{out}");
}

/// `text` repaired as English-model OCR, whatever its look.
fn repair_ocr(text: &str) -> String {
    let opts = RepairOptions {
        input_kind: InputKind::Ocr,
        ..RepairOptions::default()
    };
    let model = Model::embedded().unwrap();
    repair_text(text, &model, &opts, &mut Session::default())
        .rewrite
        .text
}

/// On a line of capitals a `G` or `Q` standing where a vowel would is a
/// capital `Ớ`/`Ợ` (`LGP` → `LỚP`, `SG` → `SỐ` before a number), and a
/// title-case token between capital words keeps their case across a
/// comma (`SUA P01, BO` → `SỬA ĐỔI, BỔ`). Off such lines `LGP` stays.
#[test]
fn capital_lines_read_hidden_vowels_and_case_across_commas() {
    let text = "TO CHUC CAC LGP BOI DUONG CHO CAN BO\n\
                THUC HIEN THONG TU SG 15/2020/TT-BTC CUA BO TAI CHINH\n\
                VE VIEC SUA P01, BO SUNG QUY CHE LAM VIEC\n\
                Ma LGP cua cong ty.\n";
    let out = repair_ocr(text);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "TỔ CHỨC CÁC LỚP BỒI DƯỠNG CHO CÁN BỘ", "{out}");
    assert!(lines[1].contains(" THÔNG TƯ SỐ 15/2020/TT-BTC "), "{out}");
    assert!(lines[2].starts_with("VỀ VIỆC SỬA ĐỔI, BỔ SUNG "), "{out}");
    assert!(lines[3].contains(" LGP "), "{out}");
}

/// A `Q` for a capital `Ọ`/`Ộ` is found as one for `Ớ` is (`HQC` →
/// `HỌC`, `DQNG` → `ĐỘNG`, whose rhymes no `ơ` makes); `BQL` stays.
#[test]
fn capital_lines_read_q_as_a_dotted_o() {
    let out = repair_ocr("BO KHOA HQC VA CONG NGHE\nHOAT DQNG CUA BAN QUAN LY BQL\n");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "BỘ KHOA HỌC VÀ CÔNG NGHỆ", "{out}");
    assert!(lines[1].starts_with("HOẠT ĐỘNG "), "{out}");
    assert!(lines[1].ends_with(" BQL"), "{out}");
}

/// On a line of capitals a `B` or `P` may be a capital `Đ` whose marks
/// were dropped as well (`GIUP BO` is `GIÚP ĐỠ`, `PAC THU` is `ĐẶC THÙ`).
#[test]
fn capital_lines_read_b_and_p_as_a_capital_d() {
    let out = repair_ocr(
        "VE NANG MUC TRO CAP POI VOI NGUOI CO CONG GIUP BO CACH\nMANG\nQUY DINH MOT SO NOI DUNG CHI VA MUC CHI PAC THU THUOC\n",
    );
    assert!(out.contains(" GIÚP ĐỠ CÁCH"), "{out}");
    assert!(out.contains(" ĐẶC THÙ "), "{out}");
}

/// Names the corpora write with marks outside the syllable grammar
/// (`Đắk Lắk`, `Bắc Kạn`, `Quỳnh`) are read from their bare letters when
/// the context says so; the candidate search over syllables cannot spell
/// them (it made `Dak Lak` into `Dẫn Lại`).
#[test]
fn marked_names_outside_the_syllable_grammar_are_restored() {
    let out = repair_ocr(
        "Chu tich Uy ban nhan dan cac tinh: Gia Lai, Dak Lak va Dak Nong.\nTinh Bac Kan va tinh Quang Ninh.\n",
    );
    assert!(out.contains("Gia Lai, Đắk Lắk và Đắk Nông."), "{out}");
    assert!(out.contains("Bắc Kạn"), "{out}");
}

/// A letter's subject opens with `V/v`; OCR reads its slash as a small
/// `i` or `l` (`Viv`), which is no word: it is `V/v` again, at a line's
/// start only.
#[test]
fn a_subjects_v_slash_v_is_restored() {
    let out = repair_ocr(
        "S6: 5330/CT-CS\nViv hudng dan thuc hién\nVIV TAP TRUNG UNG PHO\nOng Viv den.\n",
    );
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[1].starts_with("V/v hướng dẫn"), "{out}");
    assert!(lines[2].starts_with("V/V TẬP TRUNG"), "{out}");
    assert!(!lines[3].contains("V/v"), "{out}");
}

/// The number line is a header block of its own: the agency line above
/// it is decoded without `Số` as its next word (which made `CỤC HẢI QUÂN`).
#[test]
fn no_sentence_runs_into_the_number_line() {
    let out = repair_ocr(
        "BO TAI CHINH CUC HAI QUAN\nS6: 39992/CHQ-GSQL\nV/v hang hoa gti kho ngoai quan\n",
    );
    assert!(
        out.starts_with("BỘ TÀI CHÍNH CỤC HẢI QUAN\nSố: 39992/CHQ-GSQL"),
        "{out}"
    );
}

/// The numeral after a division word is a numeral, not a syllable, and
/// OCR's `L`, `l` or `|` in it is `I` (`PHAN L` → `PHẦN I`, not `PHẦN Là`).
#[test]
fn a_divisions_roman_numeral_is_kept() {
    let out = repair_ocr(
        "PHAN L\nDANH MUC THU TUC\nChuong IL\nPHAN IV. QUY DINH CHUNG\nKhoa XV, ky hop thu 10\n",
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "PHẦN I", "{out}");
    assert_eq!(lines[2], "Chương II", "{out}");
    assert!(lines[3].starts_with("PHẦN IV. "), "{out}");
    assert!(lines[4].starts_with("Khóa XV, "), "{out}");
    // OCR's small `l` in an outline's numeral is kept for the outline.
    let out = repair_ocr("Il. DOI TUONG VA THOI GIAN THI DUA\n");
    assert!(out.starts_with("Il. ĐỐI TƯỢNG"), "{out}");
}

/// The number line's label (`Số:` before a number or a blank one) is
/// `Số` however OCR wrote its marks; before a word it is left to the model.
#[test]
fn a_number_lines_label_is_so() {
    let text = "S&: 12/BC-UBND\nS8: .../QĐ-UBND\n  S06: 7/TB-VPCP\nSở: Tài chính\n";
    let out = repair_ocr(text);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "Số: 12/BC-UBND", "{out}");
    assert_eq!(lines[1], "Số: .../QĐ-UBND", "{out}");
    assert_eq!(lines[2], "  Số: 7/TB-VPCP", "{out}");
    assert_eq!(lines[3], "Sở: Tài chính", "{out}");
}

/// `TS trình` is `Tờ trình` and `TS quốc` `Tổ quốc` (OCR lost the vowel of
/// a capitalised syllable before small letters); an acronym OCR never made
/// of a syllable, or one with a doubled letter, stays (`UBND`, `CC`).
#[test]
fn a_vowelless_capital_word_before_small_letters_may_be_a_syllable() {
    let text = "Theo de nghi tai TS trinh so 02/TTr-SNV cua UBND tinh\n\
                Uy ban Mat tran TS quoc Viet Nam va doi ngu CB, CC trong xa\n";
    let out = repair_ocr(text);
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].contains(" tại Tờ trình số 02/TTr-SNV của UBND tỉnh"),
        "{out}"
    );
    assert!(lines[1].contains(" Tổ quốc Việt Nam "), "{out}");
    assert!(lines[1].contains(" CB, CC trong "), "{out}");
}

/// Points are lettered `a b c d đ e` (Decree 30/2020/NĐ-CP): a marker `d)`
/// after a marker `d)`, and a cited `d` after a cited `d`, are `đ`; a lone
/// cited `d` stays `d`.
#[test]
fn a_point_after_point_d_is_dd() {
    let text = "c) Phoi hop thuc hien;\nd) Bao cao ket qua;\nd) Thuc hien nhiem vu khac.\n\
                vi pham quy dinh tai diem c, diem d, diem d khoan 2\n";
    let out = repair_ocr(text);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[1].starts_with("d) Báo cáo"), "{out}");
    assert!(lines[2].starts_with("đ) Thực hiện"), "{out}");
    assert!(
        lines[3].ends_with("điểm c, điểm d, điểm đ khoản 2"),
        "{out}"
    );
}

/// A capital letter spaced off its word (`T hanh`, `M inh`) is read with it
/// as one word and written back with the space where it was.
#[test]
fn spaced_initials_are_read_with_their_word() {
    let model = Model::embedded().unwrap();
    let mut session = Session::default();
    let text = "T hanh phd H6 Chi M inh, ngay 28 thang 6 ndm 2014\nO day co nhieu nguoi\n";
    let r = repair_text(text, &model, &RepairOptions::default(), &mut session);
    let out = &r.rewrite.text;
    assert!(
        out.starts_with("T hành phố Hồ Chí M inh, ngày 28 tháng 6 năm 2014\n"),
        "{out}"
    );
    assert!(out.ends_with("\nỞ đây có nhiều người\n"), "{out}");
    // One change covers the letter and its word; the space stays.
    let c = r.changes.iter().find(|c| c.original == "T hanh").unwrap();
    assert_eq!((c.replacement.as_str(), c.span.clone()), ("T hành", 0..6));
}

/// A letter-spaced signature (`CHU T I CH`, `Ngu y &n`) is read piece by
/// piece as the words the pieces make, and written back with its spaces;
/// two small words after a word (`Chd y`, `Nha ¢`) are not joined.
#[test]
fn letter_spaced_words_are_read_whole() {
    let text = "KT. CHU TI CH P HO CHU T I CH Ngu y &n Hitu Tin\n\
                khong dat bien canh bao “Chd y xe d6” tai day\n";
    let out = repair_ocr(text);
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with("KT. CHỦ TỊ CH P HÓ CHỦ T Ị CH Ngu y ễn Hữu T"),
        "{out}"
    );
    assert!(lines[1].contains("“Chú ý xe đỗ”"), "{out}");
}

/// The name line under a signature's role reads as a person's name: its
/// words take the readings used most as surname, middle and given name.
#[test]
fn a_signers_name_takes_the_readings_names_use() {
    let model = Model::embedded().unwrap();
    let mut session = Session::default();
    let text = "KT. BO TRUGNG THU TRUONG THUONG TRUC\nVi Hai Quén\n";
    let out = repair_text(text, &model, &RepairOptions::default(), &mut session)
        .rewrite
        .text;
    assert!(out.ends_with("\nVũ Hải Quân\n"), "{out}");
}

/// Read line by line, a two-column closing puts the signer's name right
/// after the recipients' last line (`- Lưu: VT`); it is a name there too,
/// and its surname is not taken for the verb it also spells (`Tăng`).
#[test]
fn a_name_after_the_recipients_is_a_signers_name() {
    let text = "Noi nhan:\n- Nhu tren;\n- Luu: VT, KT.\nTdng Van Minh\n";
    let out = repair_ocr(text);
    assert!(out.ends_with("\n- Lưu: VT, KT.\nTống Văn Minh\n"), "{out}");
}

/// English OCR writes a horned `ư` under a grave, hook or tilde as `*`
/// (`ti*` for `từ`, `xi*` for `xử`, `chi*` for `chữ`): the star goes into
/// the word. A footnote star after a whole syllable and a star closing an
/// emphasis stay stars.
#[test]
fn a_star_after_an_onset_is_a_horned_u() {
    let text = "quy tic ing xi* ctia ngudi, ke ti* ngay ky.\n\
                Dan sé tinh*): 1,2 triéu ngudi.\n\
                Ghi chú (*theo ti*) va chi* Han.\n";
    let out = repair_ocr(text);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].contains("ứng xử của người, kể từ ngày"), "{out}");
    assert!(lines[1].contains("tỉnh*):"), "{out}");
    assert_eq!(lines[2].matches('*').count(), 2, "{out}");
    assert!(lines[2].ends_with("chữ Hán."), "{out}");
}

/// English OCR writes the horn of `ơ` as an apostrophe after the word
/// (`co'` for `cơ`, `t0'` for `tờ`): the apostrophe goes into the word. An
/// English possessive and a closing single quote keep theirs.
#[test]
fn an_apostrophe_after_a_short_word_is_the_horn_of_o() {
    let out =
        repair_ocr("tren co' so phap luat, t0' trinh, trg' giup. The States' policy, 'theo co'.\n");
    assert!(
        out.starts_with("trên cơ sở pháp luật, tờ trình, trợ giúp."),
        "{out}"
    );
    assert!(out.contains("States' policy"), "{out}");
    assert!(out.contains("co'.") || out.contains("cơ'."), "{out}");
}

/// Acronyms the corpora write with `Đ` (`acronyms.tsv`, learnt by `baocao
/// train`) get it back from their `D` spelling, as words and inside codes,
/// and from OCR's `P` in OCR; `DT`, which the corpora also write on its own
/// (diện tích), stays, and clean text keeps what it wrote.
#[test]
fn acronyms_the_corpora_write_with_dd_get_it_back() {
    let model = Model::embedded().unwrap();
    let text = "So GD&DT tinh, Thong tu 36/2017/TT-BGDDT, truong DH Bach khoa, DT 200 m2 dat o.\n";
    let run = |input_kind| {
        let opts = RepairOptions {
            input_kind,
            ..RepairOptions::default()
        };
        repair_text(text, &model, &opts, &mut Session::default())
            .rewrite
            .text
    };
    let plain = run(InputKind::Plain);
    assert!(plain.contains("Sở GD&ĐT tỉnh"), "{plain}");
    assert!(plain.contains("36/2017/TT-BGDĐT"), "{plain}");
    assert!(plain.contains(" ĐH Bách khoa"), "{plain}");
    assert!(plain.contains(" DT 200 m2"), "{plain}");
    assert!(run(InputKind::Clean).contains("GD&DT"));
    let ocr = repair_ocr("Quyét dinh 2045/QD-BGDPT cua Bo GDDT.\n");
    assert!(ocr.contains("2045/QĐ-BGDĐT"), "{ocr}");
}

/// A zero-padded count whose zero OCR read as `O` is that number (`O1 vị
/// trí` is `01 vị trí`); `O` before two digits is kept, and a lower-case
/// `o` before a digit is a word's (`o6` for `có`).
#[test]
fn a_zero_read_as_the_letter_o_is_a_zero() {
    let out =
        repair_ocr("Co O2 vi tri tai khu vuc nuoc cap\nO01 vi tri tai xa\nthien o6 luc con chua\n");
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("Có 02 vị trí"), "{out}");
    assert!(lines[1].starts_with("O01 vị trí"), "{out}");
    assert!(!lines[2].contains("06"), "{out}");
}

/// Case as the page had it where OCR's case is the confusion's: `b` for a
/// capital `Đ`, `I` for a small `l`, and a short word OCR put in capitals
/// alone among small letters (`BO` for `Bộ`). Acronyms stay as written.
#[test]
fn ocr_case_confusions_are_written_in_the_pages_case() {
    let out = repair_ocr(
        "Dieu 4. biéu khoan thi hanh\n\
         viec thao tac xu Iy ho so tai BO phan mot cua\n\
         theo chi dao cua CLB va UBND tinh\n",
    );
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].ends_with("Điều khoản thi hành"), "{out}");
    assert!(lines[1].contains("xử lý hồ sơ tại Bộ phận"), "{out}");
    assert!(lines[2].contains(" CLB và UBND "), "{out}");
}
