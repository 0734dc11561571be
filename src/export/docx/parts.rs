//! The parts of a 简报 in Word: the 报头 (marking, red name, number,
//! unit and date over a red rule), a page's title block, the note,
//! contents, figures and columns, and the 报尾 as a bordered block.

use docx_rs::{
    AlignmentType, BorderType, NumberingId, ParagraphBorder, ParagraphBorderPosition, ParagraphBorders, Run, Tab, TabValueType, Table,
    TableBorder, TableBorderPosition, TableBorders, TableCell, TableRow, WidthType,
};

use super::styles::{self, ORDERED, RED, TEXT_WIDTH_TWIPS};
use super::{Writer, text_run, xml_text};
use crate::document::{Colophon, Heading, Masthead, Part};

impl Writer<'_> {
    /// A line of one style and one text.
    pub(super) fn line(&mut self, style: &str, text: &str) {
        let p = self.paragraph().style(style).add_run(text_run(text));
        self.push(p);
    }

    /// The 报头: the name large and red, the number, then the unit at the
    /// left and the date at the right margin (a right tab stop) over the
    /// red rule (the line's bottom border).
    pub(super) fn masthead(&mut self, m: &Masthead) {
        // The name on one line: 50 pt (the style's), smaller for a name
        // that would not fit the text block's 156 mm (442 pt) at that size,
        // a CJK character being one em wide, with 10% to spare for a
        // wider fallback font.
        let chars = m.name.chars().count().max(1) as f64;
        let half_points = (442.0 * 2.0 / (chars * 1.1)).floor().min(100.0) as usize;
        let p = self.paragraph().style("Masthead").add_run(text_run(&m.name).size(half_points));
        self.push(p);
        self.line("MastheadNumber", &m.number);
        let rule = ParagraphBorder::new(ParagraphBorderPosition::Bottom).val(BorderType::Single).size(18).space(6).color(RED);
        let mut p = self
            .paragraph()
            .style("MastheadLine")
            .add_tab(Tab::new().val(TabValueType::Right).pos(TEXT_WIDTH_TWIPS))
            .add_run(text_run(&m.unit).add_tab().add_text(xml_text(&m.date)));
        p.property = p.property.set_borders(ParagraphBorders::with_empty().set(rule));
        self.push(p);
    }

    /// A page's title block: the title, then each line centred.
    pub(super) fn heading(&mut self, h: &Heading) {
        self.line("Title", &h.title);
        for l in &h.lines {
            self.line("Subtitle", l);
        }
    }

    /// One part of the body.
    pub(super) fn part(&mut self, part: &Part) {
        match part {
            Part::Note { title, blocks } => {
                // 编者按: the label bold on a line of its own, then the text.
                let p = self.paragraph().style("PartTitle").add_run(text_run(title).bold());
                self.push(p);
                self.blocks(blocks, 2);
            }
            Part::Contents { title, entries } => {
                self.line("PartTitle", title);
                let num = self.next_numbering;
                self.next_numbering += 1;
                self.numberings.push(docx_rs::Numbering::new(num, ORDERED));
                for e in entries {
                    let p = self
                        .paragraph()
                        .style("ContentsEntry")
                        .numbering(NumberingId::new(num), styles::list_level(0))
                        .add_run(text_run(e));
                    self.push(p);
                }
            }
            Part::Figures { title, rows } => {
                self.line("PartTitle", title);
                for (label, value) in rows {
                    let p = self.paragraph().style("Figure").add_run(text_run(label)).add_run(text_run(value).bold());
                    self.push(p);
                }
            }
            Part::Column { title, items } => {
                self.line("Heading1", title);
                for item in items {
                    let mut p = self.paragraph().style("Heading2").add_run(text_run(&item.title));
                    if let Some(late) = &item.late {
                        p = p.add_run(text_run(format!("（{late}）")).size(28));
                    }
                    self.push(p);
                    self.line("Byline", &item.byline);
                    self.blocks(&item.blocks, 2);
                }
            }
            Part::Body { blocks } => self.blocks(blocks, 0),
        }
    }

    /// The 报尾: a one-column table across the text block, a thick rule
    /// above and below and thin rules between its lines (GB/T 9704 版记):
    /// the 报/送/发 lines, the print run at the right, the sign-off.
    pub(super) fn colophon(&mut self, c: &Colophon) {
        let mut rows = Vec::new();
        for l in &c.distribution {
            let p = self
                .paragraph()
                .style("Colophon")
                // The label one character in, the names' lines under the names.
                // (`报：` is two characters of 14 pt, 560 twips).
                .indent(Some(280 + 560), Some(docx_rs::SpecialIndentType::Hanging(560)), Some(280), None)
                .add_run(text_run(&l.label))
                .add_run(text_run(&l.text));
            rows.push(p);
        }
        if let Some(copies) = &c.copies {
            rows.push(self.paragraph().style("Colophon").align(AlignmentType::Right).add_run(text_run(copies)));
        }
        if !c.signoff.is_empty() {
            let mut p = self.paragraph().style("Colophon");
            for (i, s) in c.signoff.iter().enumerate() {
                // Each name at a tab stop of its own, a third of the line apart.
                let stop = TEXT_WIDTH_TWIPS / 3 * (i + 1);
                p = p.add_tab(Tab::new().val(TabValueType::Left).pos(stop));
                let run = if i == 0 { Run::new() } else { Run::new().add_tab() };
                p = p.add_run(run.add_text(xml_text(s)));
            }
            rows.push(p);
        }
        if rows.is_empty() {
            return;
        }
        // Space above the block, so that it does not touch the last item.
        self.line("BodyText", "");
        let thick = |pos| TableBorder::new(pos).border_type(BorderType::Single).size(8).color("000000");
        let borders = TableBorders::with_empty()
            .set(thick(TableBorderPosition::Top))
            .set(thick(TableBorderPosition::Bottom))
            .set(TableBorder::new(TableBorderPosition::InsideH).border_type(BorderType::Single).size(4).color("000000"));
        let rows = rows
            .into_iter()
            .map(|p| TableRow::new(vec![TableCell::new().add_paragraph(p).width(TEXT_WIDTH_TWIPS, WidthType::Dxa)]))
            .collect();
        // In the flow after the last item, not floated to the foot of the
        // page: LibreOffice ignores docx-rs's floating-table position.
        let table = Table::new(rows).set_borders(borders).set_grid(vec![TEXT_WIDTH_TWIPS]).width(TEXT_WIDTH_TWIPS, WidthType::Dxa);
        self.push_table(table);
        // A body ends with a paragraph (Word adds one otherwise).
        self.line("Colophon", "");
    }
}
