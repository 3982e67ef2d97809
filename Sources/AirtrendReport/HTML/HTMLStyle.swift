/// The page's only style sheet, inlined: a reading column on screens, a single column on phones,
/// and A4 pages in print.
enum HTMLStyle {
    static let css = """
        :root { color-scheme: light; --ink: #1a1a1a; --muted: #555; --line: #d9d9d9; --accent: #0072B2; }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
        body { margin: 0; background: #fff; color: var(--ink);
          font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", Arial, sans-serif; }
        main { max-width: 60rem; margin: 0 auto; padding: 1rem 1.25rem 2rem; }
        h1 { font-size: 1.7rem; line-height: 1.2; margin: 0.6rem 0 0.3rem; }
        h2 { font-size: 1.3rem; margin: 2.2rem 0 0.6rem; padding-bottom: 0.2rem; border-bottom: 2px solid var(--line); }
        h3 { font-size: 1.05rem; margin: 1.2rem 0 0.4rem; }
        p, li { max-width: 46rem; }
        .lede, .note, figcaption, caption, footer { color: var(--muted); }
        .note, figcaption, caption, footer { font-size: 0.88rem; }
        caption { text-align: left; padding: 0.3rem 0; }
        a { color: var(--accent); }
        nav ul { list-style: none; padding: 0; margin: 1rem 0; display: flex; flex-wrap: wrap; gap: 0.4rem 1rem; }
        .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: 0.75rem; margin: 1rem 0; }
        .card { border: 1px solid var(--line); border-left: 4px solid var(--accent); border-radius: 0.3rem; padding: 0.5rem 0.75rem; }
        .card .label { font-size: 0.85rem; color: var(--muted); }
        .card .value { font-size: 1.6rem; font-weight: 700; }
        .card .unit { color: var(--muted); }
        figure { margin: 1rem 0; }
        figure svg { display: block; width: 100%; max-width: 800px; height: auto; border: 1px solid #eee; }
        figcaption { margin-top: 0.4rem; }
        .scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
        table { border-collapse: collapse; font-size: 0.9rem; font-variant-numeric: tabular-nums; margin: 0.4rem 0; }
        th, td { padding: 0.25rem 0.55rem; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
        th:first-child, td:first-child { text-align: left; }
        thead th { border-bottom: 2px solid #999; font-weight: 600; }
        tr.provisional td { color: #555; }
        tr.baseline th, tr.baseline td { font-weight: 700; }
        table.sources th, table.stations th, table.sources td, table.stations td { text-align: left; }
        .grid th, .grid td { padding: 0.1rem 0.35rem; font-size: 0.78rem; }
        .grid td.invalid { color: #777; background: #eee; }
        .grid td.none { background: #fafafa; }
        .missing { padding: 0.6rem 0.8rem; background: #f5f5f5; border-left: 4px solid #999; }
        footer { margin-top: 2.5rem; border-top: 1px solid var(--line); padding-top: 0.6rem; }
        @media (max-width: 40rem) {
          body { font-size: 15px; }
          main { padding: 0.6rem 0.75rem 1.5rem; }
          h1 { font-size: 1.35rem; }
          .card .value { font-size: 1.3rem; }
          /* At phone width an 800 × 450 chart's labels would shrink below 6 px: keep it legible and let it scroll. */
          figure { overflow-x: auto; -webkit-overflow-scrolling: touch; }
          figure svg { min-width: 36rem; }
        }
        @media print {
          @page { size: A4; margin: 14mm 12mm; }
          body { font-size: 9.5pt; }
          main { max-width: none; padding: 0; }
          nav, .csv { display: none; }
          h2 { break-after: avoid; margin-top: 1.2rem; }
          figure, .cards, tr { break-inside: avoid; }
          figure svg { max-width: 100%; border: none; }
          .grid th, .grid td { font-size: 7pt; padding: 0 0.2rem; }
          a { color: inherit; text-decoration: none; }
          * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        }

        """
}
