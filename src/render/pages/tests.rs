//! Tests of the pages: what each kind's fingerprint reads against what its builder shows.

use super::*;

#[test]
fn excerpts_stop_at_the_first_sentence() {
    assert_eq!(
        excerpt("\n重庆科技馆位于江北嘴。馆内有六个展厅。\n", 80),
        "重庆科技馆位于江北嘴。"
    );
    assert_eq!(excerpt("一二三四五", 3), "一二三…");
    assert_eq!(excerpt("", 3), "");
}
