//! 成文日期 and 印发日期: how they are written and whether they are plausible.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::model::{Date, Located};

use super::Cx;
use super::rules;

/// Today's date in Beijing time (UTC+8), the clock of the offices that
/// date the documents.
pub fn today_in_beijing() -> Date {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = i64::try_from((seconds + 8 * 3600) / 86_400).unwrap_or(0);
    civil_from_days(days)
}

use crate::model::{civil_from_days, days_from_civil};

/// The date rules for the front matter's 成文日期 and 印发日期.
pub(super) fn check(cx: &mut Cx, date: Option<&Located<Date>>, print_date: Option<&Located<Date>>) {
    for (name, value) in [("成文日期", date), ("印发日期", print_date)] {
        let Some(value) = value else { continue };
        written_form(cx, name, value);
        future(cx, name, value);
    }
    if let (Some(date), Some(print_date)) = (date, print_date)
        && days_from_civil(print_date.value) < days_from_civil(date.value)
    {
        let message = format!(
            "印发日期 {} 早于成文日期 {}：公文一般在成文（签发）之后印发",
            print_date.value.to_chinese(),
            date.value.to_chinese()
        );
        cx.report_edits(&rules::DATE_ORDER, print_date.pos, message, None)
            .help = Some("请核对两个日期；印发日期通常与成文日期相同或稍晚".to_string());
    }
}

/// `2020年01月05日` prints as `2020年1月5日` anyway, but the source should say
/// what is printed; full-width digits likewise.
fn written_form(cx: &mut Cx, name: &str, value: &Located<Date>) {
    let Some(written) = scalar_at(cx, value) else {
        return;
    };
    let padded = written.contains('年')
        && (written.contains("年0") || written.contains("月0") || written.contains("年０"));
    let full_width = written.chars().any(|c| ('０'..='９').contains(&c));
    if !(padded || full_width) {
        return;
    }
    let to = value.value.to_chinese();
    let text = cx.src().value(&Located::new(written.clone(), value.pos));
    let message = if padded {
        format!("{name}的月、日不编虚位：`{written}` 应写作 `{to}`（GB/T 9704 §7.3.5.4）")
    } else {
        format!("{name}应使用半角阿拉伯数字：`{written}` 应写作 `{to}`")
    };
    let n = text.len();
    cx.report(&rules::DATE_FORMAT, &text, 0, message, Some((0..n, to)));
}

/// The scalar written at the value's position (without quotes or comment).
fn scalar_at(cx: &Cx, value: &Located<Date>) -> Option<String> {
    let src = cx.src();
    let start = src.index.offset(value.pos)?;
    let line = src.text.get(start..)?.lines().next()?;
    let line = match line.strip_prefix(['"', '\'']) {
        Some(rest) => rest.split(['"', '\'']).next().unwrap_or(rest),
        None => line.split(" #").next().unwrap_or(line),
    };
    let line = line.split([',', ']', '}']).next().unwrap_or(line);
    Some(line.trim_end().to_string())
}

fn future(cx: &mut Cx, name: &str, value: &Located<Date>) {
    let options = *cx.options();
    let ahead = days_from_civil(value.value) - days_from_civil(options.today);
    if ahead <= i64::from(options.max_future_days) {
        return;
    }
    let message = format!(
        "{name} {} 晚于今天（{}）{ahead} 天，请核对年、月是否写错",
        value.value.to_chinese(),
        options.today.to_chinese()
    );
    cx.report_edits(&rules::DATE_FUTURE, value.pos, message, None)
        .help = Some(format!(
        "成文日期以负责人签发的日期为准，印发日期为实际印发的日期；确需预先标注时，可用 `--max-future-days {ahead}` 放宽"
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip() {
        for days in [-1000, 0, 18_624, 20_000, 60_000] {
            assert_eq!(days_from_civil(civil_from_days(days)), days);
        }
        let d = Date {
            year: 2020,
            month: 12,
            day: 28,
        };
        assert_eq!(days_from_civil(d), 18_624);
        let leap = Date {
            year: 2024,
            month: 3,
            day: 1,
        };
        let feb28 = Date {
            year: 2024,
            month: 2,
            day: 28,
        };
        assert_eq!(days_from_civil(leap) - days_from_civil(feb28), 2);
    }
}
