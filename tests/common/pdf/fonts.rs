//! Fonts: font dictionaries (Type0, simple, Type3), glyph widths and
//! ToUnicode CMap parsing.

use std::collections::HashMap;
use std::rc::Rc;

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::document::{deref, dict_get, name_of, num, opt_num};

#[derive(Debug)]
pub(super) struct Font {
    pub(super) name: String,
    /// Bytes per character code (2 for Type0, 1 otherwise).
    pub(super) code_len: usize,
    /// Widths in text space units per unit font size (glyph width / 1000).
    widths: HashMap<u32, f64>,
    default_width: f64,
    to_unicode: HashMap<u32, String>,
}

impl Font {
    pub(super) fn width(&self, code: u32) -> f64 {
        self.widths
            .get(&code)
            .copied()
            .unwrap_or(self.default_width)
    }

    pub(super) fn text(&self, code: u32) -> String {
        if let Some(t) = self.to_unicode.get(&code) {
            return t.clone();
        }
        if self.code_len == 1 {
            char::from_u32(code).map(String::from).unwrap_or_default()
        } else {
            "\u{FFFD}".to_string()
        }
    }
}

#[derive(Default)]
pub(super) struct FontCache {
    by_id: HashMap<ObjectId, Rc<Font>>,
}

impl FontCache {
    pub(super) fn get(&mut self, doc: &Document, obj: &Object, what: &str) -> Rc<Font> {
        if let Object::Reference(id) = obj
            && let Some(f) = self.by_id.get(id)
        {
            return f.clone();
        }
        let dict = deref(doc, obj)
            .and_then(|o| o.as_dict().ok())
            .unwrap_or_else(|| panic!("{what}: font object {obj:?} is not a dictionary"));
        let font = Rc::new(load_font(doc, dict, what));
        if let Object::Reference(id) = obj {
            self.by_id.insert(*id, font.clone());
        }
        font
    }
}

fn strip_subset(name: &[u8]) -> String {
    let s = String::from_utf8_lossy(name).into_owned();
    let b = s.as_bytes();
    if b.len() > 7 && b[6] == b'+' && b[..6].iter().all(u8::is_ascii_uppercase) {
        s[7..].to_string()
    } else {
        s
    }
}

fn load_font(doc: &Document, dict: &Dictionary, what: &str) -> Font {
    let subtype = dict_get(doc, dict, b"Subtype")
        .and_then(name_of)
        .unwrap_or(b"");
    let base_font = dict_get(doc, dict, b"BaseFont")
        .and_then(name_of)
        .map(strip_subset)
        .unwrap_or_default();
    let to_unicode = match dict_get(doc, dict, b"ToUnicode") {
        Some(Object::Stream(s)) => {
            let data = s
                .get_plain_content()
                .unwrap_or_else(|e| panic!("{what}: cannot decode /ToUnicode of {base_font}: {e}"));
            parse_to_unicode(&data)
        }
        _ => HashMap::new(),
    };

    if subtype == b"Type0" {
        let descendant = dict_get(doc, dict, b"DescendantFonts")
            .and_then(|o| o.as_array().ok())
            .and_then(|a| a.first())
            .and_then(|o| deref(doc, o))
            .and_then(|o| o.as_dict().ok())
            .unwrap_or_else(|| panic!("{what}: Type0 font {base_font} has no /DescendantFonts"));
        let name = dict_get(doc, descendant, b"BaseFont")
            .and_then(name_of)
            .map(strip_subset)
            .unwrap_or(base_font);
        let default_width = dict_get(doc, descendant, b"DW")
            .and_then(opt_num)
            .unwrap_or(1000.0)
            / 1000.0;
        let mut widths = HashMap::new();
        if let Some(w) = dict_get(doc, descendant, b"W").and_then(|o| o.as_array().ok()) {
            let mut i = 0;
            while i < w.len() {
                let first = num(doc, &w[i]) as u32;
                match w.get(i + 1).and_then(|o| deref(doc, o)) {
                    Some(Object::Array(list)) => {
                        for (k, v) in list.iter().enumerate() {
                            widths.insert(first + k as u32, num(doc, v) / 1000.0);
                        }
                        i += 2;
                    }
                    Some(last) if i + 2 < w.len() => {
                        let last = num(doc, last) as u32;
                        let width = num(doc, &w[i + 2]) / 1000.0;
                        for c in first..=last {
                            widths.insert(c, width);
                        }
                        i += 3;
                    }
                    _ => panic!("{what}: malformed /W array in font {name}"),
                }
            }
        }
        return Font {
            name,
            code_len: 2,
            widths,
            default_width,
            to_unicode,
        };
    }

    // Simple fonts (Type1, TrueType, Type3).
    let scale = if subtype == b"Type3" {
        dict_get(doc, dict, b"FontMatrix")
            .and_then(|o| o.as_array().ok())
            .and_then(|a| a.first())
            .map(|o| num(doc, o))
            .unwrap_or(0.001)
    } else {
        0.001
    };
    let name = if base_font.is_empty() {
        String::from_utf8_lossy(subtype).into_owned()
    } else {
        base_font
    };
    let first_char = dict_get(doc, dict, b"FirstChar")
        .and_then(opt_num)
        .unwrap_or(0.0) as u32;
    let mut widths = HashMap::new();
    if let Some(w) = dict_get(doc, dict, b"Widths").and_then(|o| o.as_array().ok()) {
        for (k, v) in w.iter().enumerate() {
            widths.insert(first_char + k as u32, num(doc, v) * scale);
        }
    }
    let default_width = dict_get(doc, dict, b"FontDescriptor")
        .and_then(|o| o.as_dict().ok())
        .and_then(|fd| dict_get(doc, fd, b"MissingWidth"))
        .and_then(opt_num)
        .unwrap_or(0.0)
        * scale;
    Font {
        name,
        code_len: 1,
        widths,
        default_width,
        to_unicode,
    }
}

/// Tokens of a CMap file that matter for bfchar/bfrange.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Hex(Vec<u8>),
    Word(String),
    Open,
    Close,
}

fn cmap_tokens(data: &[u8]) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < data.len() {
        let c = data[i];
        match c {
            b'%' => {
                while i < data.len() && data[i] != b'\n' && data[i] != b'\r' {
                    i += 1;
                }
            }
            b'<' if data.get(i + 1) == Some(&b'<') => {
                out.push(Tok::Word("<<".into()));
                i += 2;
            }
            b'>' if data.get(i + 1) == Some(&b'>') => {
                out.push(Tok::Word(">>".into()));
                i += 2;
            }
            b'<' => {
                let start = i + 1;
                let end = start
                    + data[start..]
                        .iter()
                        .position(|&b| b == b'>')
                        .unwrap_or(data.len() - start);
                let digits: Vec<u8> = data[start..end]
                    .iter()
                    .copied()
                    .filter(u8::is_ascii_hexdigit)
                    .collect();
                let mut bytes = Vec::new();
                for pair in digits.chunks(2) {
                    let s = std::str::from_utf8(pair).unwrap();
                    let v = u8::from_str_radix(s, 16).unwrap();
                    bytes.push(if pair.len() == 1 { v << 4 } else { v });
                }
                out.push(Tok::Hex(bytes));
                i = end + 1;
            }
            b'[' => {
                out.push(Tok::Open);
                i += 1;
            }
            b']' => {
                out.push(Tok::Close);
                i += 1;
            }
            b'(' => {
                // Literal strings do not occur in the ranges we read; skip them.
                let mut depth = 0;
                while i < data.len() {
                    match data[i] {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                i += 1;
            }
            _ if c.is_ascii_whitespace() => i += 1,
            _ => {
                let start = i;
                while i < data.len()
                    && !data[i].is_ascii_whitespace()
                    && !b"<>[]()%/".contains(&data[i])
                {
                    i += 1;
                }
                if i == start {
                    i += 1; // a lone '/' or similar
                }
                out.push(Tok::Word(
                    String::from_utf8_lossy(&data[start..i]).into_owned(),
                ));
            }
        }
    }
    out
}

pub(super) fn code_of(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0u32, |acc, &b| (acc << 8) | b as u32)
}

fn utf16be(bytes: &[u8]) -> Vec<u16> {
    bytes
        .chunks(2)
        .map(|c| {
            if c.len() == 2 {
                u16::from_be_bytes([c[0], c[1]])
            } else {
                c[0] as u16
            }
        })
        .collect()
}

/// Parses the bfchar and bfrange sections of a ToUnicode CMap.
fn parse_to_unicode(data: &[u8]) -> HashMap<u32, String> {
    let toks = cmap_tokens(data);
    let mut map = HashMap::new();
    let mut i = 0;
    while i < toks.len() {
        match &toks[i] {
            Tok::Word(w) if w == "beginbfchar" => {
                i += 1;
                while let (Some(Tok::Hex(src)), Some(Tok::Hex(dst))) =
                    (toks.get(i), toks.get(i + 1))
                {
                    map.insert(code_of(src), String::from_utf16_lossy(&utf16be(dst)));
                    i += 2;
                }
            }
            Tok::Word(w) if w == "beginbfrange" => {
                i += 1;
                while let (Some(Tok::Hex(lo)), Some(Tok::Hex(hi))) = (toks.get(i), toks.get(i + 1))
                {
                    let (lo, hi) = (code_of(lo), code_of(hi));
                    match toks.get(i + 2) {
                        Some(Tok::Hex(dst)) => {
                            let base = utf16be(dst);
                            for (k, code) in (lo..=hi).enumerate() {
                                let mut units = base.clone();
                                if let Some(last) = units.last_mut() {
                                    *last = last.wrapping_add(k as u16);
                                }
                                map.insert(code, String::from_utf16_lossy(&units));
                            }
                            i += 3;
                        }
                        Some(Tok::Open) => {
                            i += 3;
                            let mut code = lo;
                            while let Some(Tok::Hex(dst)) = toks.get(i) {
                                if code <= hi {
                                    map.insert(code, String::from_utf16_lossy(&utf16be(dst)));
                                }
                                code += 1;
                                i += 1;
                            }
                            if toks.get(i) == Some(&Tok::Close) {
                                i += 1;
                            }
                        }
                        _ => break,
                    }
                }
            }
            _ => i += 1,
        }
    }
    map
}
