//! The `--format json` output (schema `gongwen-check/1`, README.md "check").
//! Written by hand: the schema is small and fixed, and the crate needs no
//! JSON library for it.

use std::fmt::Write;

use crate::diag::Severity;
use crate::model::SourcePos;

use super::{Applied, Finding, Report};

/// The report (and the fixes applied before it, if any) as one JSON object.
pub fn to_json(report: &Report, fixed: &[Applied]) -> String {
    let mut out = String::new();
    out.push_str("{\n  \"schema\": \"gongwen-check/1\",\n");
    let _ = writeln!(
        out,
        "  \"file\": {},",
        string(&report.file.to_string_lossy())
    );
    let _ = writeln!(
        out,
        "  \"summary\": {{\"errors\": {}, \"warnings\": {}, \"fixed\": {}}},",
        report.errors(),
        report.warnings(),
        fixed.len()
    );
    out.push_str("  \"findings\": [");
    for (i, f) in report.findings.iter().enumerate() {
        out.push_str(if i == 0 { "\n    " } else { ",\n    " });
        finding(&mut out, f);
    }
    out.push_str(if report.findings.is_empty() {
        "],\n"
    } else {
        "\n  ],\n"
    });
    out.push_str("  \"fixed\": [");
    for (i, a) in fixed.iter().enumerate() {
        out.push_str(if i == 0 { "\n    " } else { ",\n    " });
        let (line, column) = position(a.pos);
        let _ = write!(
            out,
            "{{\"rule\": {}, \"line\": {line}, \"column\": {column}, \"from\": {}, \"to\": {}}}",
            string(a.rule.id),
            string(&a.from),
            string(&a.to)
        );
    }
    out.push_str(if fixed.is_empty() {
        "]\n}\n"
    } else {
        "\n  ]\n}\n"
    });
    out
}

fn position(pos: Option<SourcePos>) -> (String, String) {
    match pos {
        Some(p) => (p.line.to_string(), p.column.to_string()),
        None => ("null".to_string(), "null".to_string()),
    }
}

fn finding(out: &mut String, f: &Finding) {
    let severity = match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let (line, column) = position(f.pos);
    let _ = write!(
        out,
        "{{\"rule\": {}, \"severity\": \"{severity}\", \"line\": {line}, \"column\": {column}, \"message\": {}, \"help\": {}, \"fix\": ",
        string(f.rule.id),
        string(&f.message),
        f.help.as_deref().map_or("null".to_string(), string)
    );
    match &f.fix {
        None => out.push_str("null"),
        Some(fix) => {
            let _ = write!(
                out,
                "{{\"from\": {}, \"to\": {}, \"edits\": [",
                string(&fix.from),
                string(&fix.to)
            );
            for (i, e) in fix.edits.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                let _ = write!(
                    out,
                    "{{\"start\": {}, \"end\": {}, \"replacement\": {}}}",
                    e.start,
                    e.end,
                    string(&e.replacement)
                );
            }
            out.push_str("]}");
        }
    }
    out.push('}');
}

/// A JSON string literal (RFC 8259): quotes, backslashes and control
/// characters escaped; everything else, Chinese included, as UTF-8.
fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::string;

    #[test]
    fn strings_are_escaped() {
        assert_eq!(string("a\"b\\c\n\u{1}中"), "\"a\\\"b\\\\c\\n\\u0001中\"");
    }
}
