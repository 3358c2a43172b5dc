//! PDF/A-2b (`--pdfa`): krilla's validator, the document's metadata, and
//! what the archival profile changes in the drawing.
//!
//! Where the values go (krilla writes each to the document information
//! dictionary and to the XMP packet, which PDF/A requires to agree):
//!
//! | value    | Info       | XMP                 |
//! |----------|------------|---------------------|
//! | 标题     | /Title     | dc:title            |
//! | 发文机关 | /Author    | dc:creator          |
//! | 发文字号 | /Subject   | dc:description      |
//! | all five, labelled (`密级：秘密★1年`) | /Keywords | pdf:Keywords |
//! | 成文日期 | /CreationDate, /ModDate | xmp:CreateDate, xmp:ModifyDate |
//!
//! krilla has no field for 密级 or for a custom key, so the labelled
//! keywords carry it (and repeat the others, so one field has them all).

use std::num::NonZeroU64;

use krilla::configure::{Archival, Configuration, ConfigurationBuilder, ValidationError};
use krilla::error::KrillaError;
use krilla::metadata::{DateTime, Metadata};
use krilla::text::Font;

use crate::diag::{Diagnostic, Error};
use crate::fonts::{FaceId, FontBook};
use crate::layout::Layout;
use crate::template::Color;

/// The krilla configuration of PDF/A-2b.
pub(super) fn configuration() -> Result<Configuration, Error> {
    ConfigurationBuilder::new()
        .with_archival_validator(Archival::A2_B)
        .finish()
        .map_err(|e| super::pdf::internal(&format!("PDF/A 配置无效：{e:?}")))
}

/// The metadata of an archival PDF. `creation_time` (`SOURCE_DATE_EPOCH`)
/// wins over 成文日期; PDF/A needs one of them (never the clock, so the
/// bytes stay reproducible).
pub(super) fn metadata(layout: &Layout, creation_time: Option<i64>) -> Result<Metadata, Error> {
    let info = &layout.info;
    let date = match (creation_time, info.date) {
        (Some(seconds), _) => super::pdf::datetime_from_epoch(seconds),
        // The day the document was signed, at midnight in China.
        (None, Some(date)) => DateTime::new(date.year)
            .month(date.month)
            .day(date.day)
            .hour(0)
            .minute(0)
            .second(0)
            .utc_offset_hour(8)
            .utc_offset_minute(0),
        (None, None) => {
            return Err(Error::single(
                Diagnostic::file_error(
                    std::path::Path::new(""),
                    "PDF/A 必须带创建日期，但文档没有成文日期",
                )
                .with_help("在前置元数据中写上 成文日期，或设置环境变量 SOURCE_DATE_EPOCH"),
            ));
        }
    };
    let mut metadata = Metadata::new()
        .producer("gongwen".to_string())
        .creator("gongwen".to_string())
        .language("zh-CN".to_string())
        .creation_date(date);
    let mut keywords = Vec::new();
    if let Some(title) = &layout.title {
        metadata = metadata.title(title.clone());
        keywords.push(format!("标题：{title}"));
    }
    if !info.issuers.is_empty() {
        metadata = metadata.authors(info.issuers.clone());
        keywords.push(format!("发文机关：{}", info.issuers.join("、")));
    }
    if let Some(number) = &info.doc_number {
        metadata = metadata.description(number.clone());
        keywords.push(format!("发文字号：{number}"));
    }
    if let Some(date) = info.date {
        keywords.push(format!("成文日期：{}", date.to_chinese()));
    }
    if let Some(secrecy) = &info.secrecy {
        keywords.push(format!("密级：{secrecy}"));
    }
    if !keywords.is_empty() {
        metadata = metadata.keywords(keywords);
    }
    Ok(metadata)
}

/// The colour to paint with. PDF/A forbids device CMYK without a CMYK
/// output profile, and krilla's output intent is sRGB; no CMYK profile can
/// ship with gongwen (size, licence), so archival files take CMYK inks
/// as sRGB by the naive complement: the standard red C0 M80 Y80 K0 becomes
/// rgb(255, 51, 51). Printing keeps using the ordinary (CMYK) PDF.
pub(super) fn archival_color(color: Color) -> Color {
    match color {
        Color::Cmyk(c, m, y, k) => {
            let channel = |v: f32| (1.0 - v.clamp(0.0, 1.0)) * (1.0 - k.clamp(0.0, 1.0));
            Color::Rgb(channel(c), channel(m), channel(y))
        }
        rgb => rgb,
    }
}

/// A page number as krilla's error location: validation errors then say
/// which page they are on.
pub(super) fn page_location(index: usize) -> Option<NonZeroU64> {
    NonZeroU64::new(index as u64 + 1)
}

/// krilla's errors as Chinese diagnostics (one per validation failure).
pub(super) fn explain(error: KrillaError, fonts: &FontBook, used: &[(FaceId, Font)]) -> Error {
    let face_name = |font: &Font| {
        used.iter()
            .find(|(_, f)| f == font)
            .map(|(id, _)| {
                let face = fonts.face(*id);
                format!("{}（{}）", face.family, face.path.display())
            })
            .unwrap_or_else(|| "未知字体".to_string())
    };
    let errors = match error {
        KrillaError::Validation(errors) => errors,
        other => return super::pdf::internal(&format!("PDF 生成失败：{other:?}")),
    };
    let diagnostics = errors
        .into_iter()
        .map(|(error, _)| {
            let (message, help) = match &error {
                ValidationError::ContainsNotDefGlyph(font, location, text) => (
                    format!(
                        "{}字体 {} 没有「{text}」的字形，PDF/A 不允许缺字",
                        on_page(*location),
                        face_name(font)
                    ),
                    "安装含该字的字体（gongwen fonts 文档.md 列出缺字）",
                ),
                ValidationError::RestrictedLicense(font) => (
                    format!(
                        "字体 {} 的许可不允许嵌入，PDF/A 要求字体可嵌入",
                        face_name(font)
                    ),
                    "换用允许嵌入的字体（用 --font-dir 指定），或不加 --pdfa",
                ),
                ValidationError::MissingCMYKProfile => (
                    "PDF/A 不允许无色彩配置文件的 CMYK 颜色".to_string(),
                    "在模板中把 红色 写成 RGB（如 \"#FF3333\"）",
                ),
                ValidationError::MissingDocumentDate => (
                    "PDF/A 必须带创建日期".to_string(),
                    "在前置元数据中写上 成文日期，或设置环境变量 SOURCE_DATE_EPOCH",
                ),
                ValidationError::TooLongString => (
                    "文本超过 PDF/A 允许的 32767 字节（标题或其他元数据过长）".to_string(),
                    "缩短标题等前置元数据",
                ),
                ValidationError::ImageInterpolation(location) => (
                    format!("{}图片使用了插值，PDF/A 不允许", on_page(*location)),
                    "这是 gongwen 的缺陷，请报告",
                ),
                other => (
                    format!("不符合 PDF/A-2b：{other:?}"),
                    "去掉 --pdfa 可生成普通 PDF",
                ),
            };
            Diagnostic::file_error(std::path::Path::new(""), message).with_help(help)
        })
        .collect();
    Error { diagnostics }
}

fn on_page(location: Option<NonZeroU64>) -> String {
    location.map_or_else(String::new, |page| format!("第 {page} 页："))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_red_becomes_its_rgb_complement() {
        let Color::Rgb(r, g, b) = archival_color(Color::Cmyk(0.0, 0.8, 0.8, 0.0)) else {
            panic!("CMYK must become RGB");
        };
        assert_eq!(
            (
                (r * 255.0).round(),
                (g * 255.0).round(),
                (b * 255.0).round()
            ),
            (255.0, 51.0, 51.0)
        );
        assert_eq!(
            archival_color(Color::Cmyk(0.0, 0.0, 0.0, 1.0)),
            Color::Rgb(0.0, 0.0, 0.0)
        );
        assert_eq!(
            archival_color(Color::Rgb(0.1, 0.2, 0.3)),
            Color::Rgb(0.1, 0.2, 0.3)
        );
    }
}
