//! Repair keeps section markers: a letter numbering a list item with a
//! comma (`b, Công tác`, OCR's `¢,` for `c,`) stays a letter, while a word
//! wrapped onto the next line (`v, góp phần` of `phục vụ`) is still repaired.

use baocao::Pipeline;

fn repair(text: &str) -> String {
    Pipeline::new().expect("embedded model").repair_text(text)
}

#[test]
fn letter_markers_with_a_comma_stay_letters() {
    let out = repair(
        "a, Danh gia cong tac tham muu.\nb, Cong tdc, theo doi thi hanh phap ludt\n¢, Cong tdc tuyén truyén\n",
    );
    let starts: Vec<&str> = out
        .lines()
        .map(|l| l.split(' ').next().unwrap_or(""))
        .collect();
    assert_eq!(starts, ["a,", "b,", "c,"], "{out}");
}

#[test]
fn a_wrapped_word_before_a_comma_is_still_a_word() {
    let out = repair("xay dung chinh quyén vi Nhan dan phuc\nv, gop phan thuc hién thing loi\n");
    assert!(
        out.lines().nth(1).is_some_and(|l| !l.starts_with("v,")),
        "{out}"
    );
}
