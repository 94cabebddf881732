//! W009: a phone value with a part no phone could dial; W010: an email value with a part that
//! is not an address. Both places and route contacts. A bad value still shows on the page as
//! written, only without a link, so these are warnings. Placeholders (`（请改成…）`) are N012's.

use crate::diag::{Diagnostic, codes};
use crate::model::Site;
use crate::model::contact_value::{read_emails, read_phones};
use crate::text;
use crate::yaml::Located;

pub(super) fn check(site: &Site, diags: &mut Vec<Diagnostic>) {
    for place in &site.places {
        phone(&place.file, &place.phone, diags);
        email(&place.file, &place.email, diags);
    }
    for route in &site.routes {
        for contact in &route.contacts {
            phone(&route.file, &contact.phone, diags);
            email(&route.file, &contact.email, diags);
        }
    }
}

fn phone(file: &std::path::Path, value: &Option<Located<String>>, diags: &mut Vec<Diagnostic>) {
    let Some(value) = value else { return };
    for bad in read_phones(&value.value).bad {
        diags.push(
            Diagnostic::new(
                codes::PHONE_NOT_DIALLABLE,
                file,
                value.pos,
                text!(
                    "`{bad}` is not a phone number that can be dialled, so the page can't link it",
                    "“{bad}”不是能拨打的电话号码，页面无法把它做成拨号链接"
                ),
            )
            .with_help(text!(
                "write digits, with `-` or spaces if you like: `023-6xxxxxxx`, `138xxxxxxxx`, `+86 23 6xxx xxxx`, `400-xxx-xxxx`, `12301`; separate several numbers with `、` or `/`; a note may follow in brackets, an extension after `转`",
                "写数字，可用 `-` 或空格分组：`023-6xxxxxxx`、`138xxxxxxxx`、`+86 23 6xxx xxxx`、`400-xxx-xxxx`、`12301`；多个号码用 `、` 或 `/` 隔开；说明可写在号码后的括号里，分机号写在“转”后面"
            )),
        );
    }
}

fn email(file: &std::path::Path, value: &Option<Located<String>>, diags: &mut Vec<Diagnostic>) {
    let Some(value) = value else { return };
    for bad in read_emails(&value.value).bad {
        diags.push(
            Diagnostic::new(
                codes::EMAIL_NOT_ADDRESS,
                file,
                value.pos,
                text!(
                    "`{bad}` is not an email address, so the page can't link it",
                    "“{bad}”不是电子邮箱地址，页面无法把它做成邮件链接"
                ),
            )
            .with_help(text!(
                "write one address like `office@example.org` (a half-width `@`, no spaces); separate several with `、` or `/`",
                "写成 `office@example.org` 这样的地址（半角 `@`，不含空格）；多个地址用 `、` 或 `/` 隔开"
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::diag::codes::{EMAIL_NOT_ADDRESS, PHONE_NOT_DIALLABLE};
    use crate::validate::test_site::*;

    #[test]
    fn a_place_phone_that_cant_be_dialled_is_reported_at_its_value() {
        let place =
            format!("{SPOT}phone: \"023-61234567 / 请问学校\"\nemail: office@example.org\n");
        let found = diagnostics(&site(&[("spots/x", &place)]));
        assert_eq!(
            found.iter().map(|d| (d.code, d.pos)).collect::<Vec<_>>(),
            vec![(PHONE_NOT_DIALLABLE, crate::diag::Pos::new(5, 8))]
        );
        let fine = format!(
            "{SPOT}phone: \"023-61234567、+86 23 6765 4321\"\nemail: \"a@example.org / b@example.org\"\n"
        );
        assert_eq!(codes(&site(&[("spots/x", &fine)])), vec![]);
    }

    #[test]
    fn a_place_email_that_is_not_an_address_is_reported_at_its_value() {
        let place = format!("{SPOT}email: office＠example.org\n");
        assert_eq!(
            codes(&site(&[("spots/x", &place)])),
            vec![(EMAIL_NOT_ADDRESS, 5)]
        );
    }

    #[test]
    fn route_contacts_are_checked_each_at_its_own_line() {
        let r = route(
            "contacts:\n  - { role: 项目组长, name: 张老师, phone: \"138xxxxxxxx\" }\n  - { role: 安全员, phone: \"13800000000\", email: li@example }\n  - { role: 导游, phone: \"138xxxxxxxx（请改成手机号）\" }\n",
            STOPS,
        );
        let found = codes(&site(&[
            ("bases/museum", MUSEUM),
            ("bases/lab", LAB),
            ("routes/r", &r),
        ]));
        assert_eq!(
            found,
            vec![(PHONE_NOT_DIALLABLE, 14), (EMAIL_NOT_ADDRESS, 15)]
        );
    }
}
