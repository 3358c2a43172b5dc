//! Bound attachments given as files (`附件: [{名称: …, 文件: path.md}]`).
//!
//! A bound file is a document of its own, parsed like the main source; its
//! messages point into it. Only what an attachment page can print is taken
//! from its front matter; anything else is a warning, not silence.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Error};
use crate::model::{AttachmentOrigin, BoundAttachment, Document, Located, Meta, SourcePos};

use super::Origin;

/// An attachment file larger than this is refused: no attachment needs it,
/// and a CI rendering untrusted documents must not be made to read it.
const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Read and parse every attachment file of `doc`, appending each to
/// `doc.attachments` (kept in the order of the 附件 list). Returns the
/// warnings about what the files say that is not printed.
pub(super) fn load(
    doc: &mut Document,
    base: &Path,
    origin: Origin<'_>,
) -> Result<Vec<Diagnostic>, Error> {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let mut bound = Vec::new();
    for (index, item) in doc.meta.attachments.iter().enumerate() {
        let Some(named) = &item.file else { continue };
        let (path, text) = match read(base, named, origin) {
            Ok(found) => found,
            Err(d) => {
                errors.push(d);
                continue;
            }
        };
        // Headings the file numbers without its own 编号 follow the main
        // document's styles (its 编号 or its profile's), as attachments
        // written inline in the body do.
        let numbering = doc.meta.numbering.clone();
        let own = match crate::source::parse_with(&path, &text, |_| Some(numbering)) {
            Ok(own) => own,
            Err(e) => {
                errors.extend(e.diagnostics);
                continue;
            }
        };
        errors.extend(nested(&own, &path, &text));
        warnings.extend(unprinted(&own.meta, &path, &text));
        warnings.extend(own.warnings);
        let mut meta = own.meta;
        if meta.title.is_none() {
            // §7.3.7: the title matches 附件说明; a default cannot differ.
            let name = item.printed_name(index + 1).to_string();
            meta.title = Some(Located::new(name, item.name.pos));
        }
        bound.push(BoundAttachment {
            meta,
            body: own.body,
            origin: AttachmentOrigin::File { path, text },
            index,
        });
    }
    doc.attachments.extend(bound);
    doc.attachments.sort_by_key(|a| a.index);
    if errors.is_empty() {
        Ok(warnings)
    } else {
        Err(Error {
            diagnostics: errors,
        })
    }
}

/// The file named at `named`, read as UTF-8 text.
fn read(
    base: &Path,
    named: &Located<PathBuf>,
    origin: Origin<'_>,
) -> Result<(PathBuf, String), Diagnostic> {
    let path = if named.value.is_absolute() {
        named.value.clone()
    } else {
        base.join(&named.value)
    };
    let shown = named.value.display();
    let fail = |message: String, help: &str| {
        Diagnostic::error(origin.path, origin.text, named.pos, message).with_help(help)
    };
    origin
        .access
        .check(&path, &named.value)
        .map_err(|o| fail(o.message, &o.help))?;
    let meta = std::fs::metadata(&path).map_err(|e| {
        fail(
            format!("无法读取附件文件 `{shown}`：{e}"),
            "路径相对于源文件所在目录；请检查文件名，或删去 `文件` 只在附件说明中列出名称",
        )
    })?;
    if meta.is_dir() {
        return Err(fail(
            format!("`{shown}` 是目录，不是附件文件"),
            "写出附件 Markdown 文件本身的路径，如 `附件/实施方案.md`",
        ));
    }
    if !meta.is_file() {
        return Err(fail(
            format!("`{shown}` 不是普通文件"),
            "写出附件 Markdown 文件本身的路径，如 `附件/实施方案.md`",
        ));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(fail(
            format!(
                "附件文件 `{shown}` 过大（{} MB）",
                meta.len() / (1024 * 1024)
            ),
            "附件应是 Markdown 文本；图片、表格等请另行提供",
        ));
    }
    let bytes = super::read_limited(&path, MAX_FILE_BYTES)
        .map_err(|e| fail(format!("无法读取附件文件 `{shown}`：{e}"), "请检查文件权限"))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        fail(
            format!("附件文件 `{shown}` 不是 UTF-8 编码的文本"),
            "用 UTF-8 编码另存该文件（记事本“另存为”可选编码）",
        )
    })?;
    Ok((path, text))
}

/// An attachment's own attachments cannot be bound: there is one 附件
/// sequence per document. Its 附件说明 still prints.
fn nested(own: &Document, path: &Path, text: &str) -> Vec<Diagnostic> {
    let help = "附件的附件请在主文件的 `附件` 中依次列出并附带";
    let mut found = Vec::new();
    for item in &own.meta.attachments {
        if let Some(file) = &item.file {
            found.push(
                Diagnostic::error(path, text, file.pos, "附件文件中不能再附带附件文件")
                    .with_help(help),
            );
        }
    }
    for attachment in &own.attachments {
        if let AttachmentOrigin::Inline(pos) = attachment.origin {
            found.push(
                Diagnostic::error(path, text, pos, "附件文件中不能再用附件标记附带附件")
                    .with_help(help),
            );
        }
    }
    found
}

/// Front-matter keys of an attachment file that its pages do not print
/// (only 标题, 主送机关, 附件, 发文机关署名, 成文日期, 附注, 编号 do).
fn unprinted(meta: &Meta, path: &Path, text: &str) -> Vec<Diagnostic> {
    let mut found: Vec<(&str, SourcePos)> = Vec::new();
    let mut one = |name, pos: Option<SourcePos>| {
        if let Some(pos) = pos {
            found.push((name, pos));
        }
    };
    // The default 版式 has line 0: only a written one counts.
    one("版式", Some(meta.format.pos).filter(|p| p.line > 0));
    one("份号", meta.copy_number.as_ref().map(|v| v.pos));
    one("密级", meta.secrecy.as_ref().map(|v| v.pos));
    one("保密期限", meta.secrecy_period.as_ref().map(|v| v.pos));
    one("紧急程度", meta.urgency.as_ref().map(|v| v.pos));
    one("发文机关标志", meta.issuer_mark.as_ref().map(|v| v.pos));
    one("发文字号", meta.doc_number.as_ref().map(|v| v.pos));
    one("签发人", meta.signers.first().map(|v| v.pos));
    one("印章", meta.seals.first().map(|v| v.pos));
    one("抄送", meta.cc.first().map(|v| v.pos));
    one("印发机关", meta.printer.as_ref().map(|v| v.pos));
    one("印发日期", meta.print_date.as_ref().map(|v| v.pos));
    one("出席", meta.attendees.first().map(|v| v.pos));
    one("请假", meta.absentees.first().map(|v| v.pos));
    one("列席", meta.observers.first().map(|v| v.pos));
    one("令号", meta.order_number.as_ref().map(|v| v.pos));
    one("签发人职务", meta.signer_title.as_ref().map(|v| v.pos));
    one("签名章", meta.signature_stamp.as_ref().map(|v| v.pos));
    one("模板", meta.template.as_ref().map(|v| v.pos));
    one("印章尺寸", meta.seal_size.as_ref().map(|v| v.pos));
    one(
        "主送移至版记",
        meta.recipients_in_colophon.as_ref().map(|v| v.pos),
    );
    found
        .into_iter()
        .map(|(name, pos)| {
            Diagnostic::error(
                path,
                text,
                pos,
                format!("附件页不排「{name}」：附件只排标题、主送机关、正文、附件说明和署名、成文日期、附注"),
            )
            .with_help("删掉这一行；版头、印章与版记只属于主文件")
            .warning()
        })
        .collect()
}
