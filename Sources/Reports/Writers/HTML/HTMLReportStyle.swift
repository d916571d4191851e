/// The report's stylesheet: inline, no fonts or images fetched.
enum HTMLReportStyle {
    static let source: StaticString = """
    :root {
      --ink: #1c2430; --muted: #5b6675; --line: #d9dee5; --paper: #ffffff; --canvas: #f4f6f9;
      --critical: #8e1b1b; --high: #c2410c; --medium: #a16207; --low: #1d4ed8; --info: #52606d;
      --pass: #166534; --fail: #b91c1c; --error: #92400e; --mark: #fde68a;
    }
    * { box-sizing: border-box; }
    html { background: var(--canvas); }
    body { margin: 0; color: var(--ink); font: 15px/1.5 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
    code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 13px; }
    a { color: #1d4ed8; text-decoration: none; }
    a:hover { text-decoration: underline; }
    .banner { color: #fff; padding: 28px 40px 22px; }
    .banner.verdict-pass { background: linear-gradient(120deg, #14532d, #15803d); }
    .banner.verdict-fail { background: linear-gradient(120deg, #7f1d1d, #b91c1c); }
    .banner.verdict-error { background: linear-gradient(120deg, #78350f, #b45309); }
    .banner .brand { font-size: 13px; letter-spacing: .12em; text-transform: uppercase; opacity: .85; }
    .banner h1 { margin: 4px 0 2px; font-size: 30px; font-weight: 650; }
    .banner .verdict-line { margin: 0 0 16px; font-size: 16px; opacity: .95; }
    .banner dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; margin: 0; font-size: 14px; }
    .banner dl.meta dt { opacity: .8; }
    .banner dl.meta dd { margin: 0; font-weight: 500; word-break: break-all; }
    nav.toc { position: sticky; top: 0; z-index: 5; background: #1c2430; padding: 0 40px; display: flex; gap: 4px; flex-wrap: wrap; }
    nav.toc a { color: #e5e9f0; padding: 10px 12px; font-size: 14px; display: inline-block; }
    nav.toc a:hover { background: #2d3a4b; text-decoration: none; }
    main { padding: 8px 40px 40px; max-width: 1500px; }
    section.block { overflow-x: auto; background: var(--paper); border: 1px solid var(--line); border-radius: 8px; margin: 22px 0; padding: 6px 24px 20px; }
    h2 { font-size: 21px; margin: 16px 0 12px; border-bottom: 2px solid var(--canvas); padding-bottom: 6px; }
    h3 { font-size: 17px; margin: 18px 0 8px; }
    h4 { font-size: 14px; margin: 12px 0 4px; color: var(--muted); text-transform: uppercase; letter-spacing: .05em; }
    p.empty { color: var(--muted); font-style: italic; }
    p.lead { color: var(--muted); margin-top: 0; }
    .cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 8px 0 4px; }
    .card { min-width: 124px; border: 1px solid var(--line); border-left: 6px solid var(--info); border-radius: 6px; padding: 10px 14px; background: #fbfcfd; }
    .card .number { font-size: 28px; font-weight: 700; line-height: 1.1; }
    .card .label { font-size: 13px; color: var(--muted); text-transform: uppercase; letter-spacing: .05em; }
    .card.sev-critical { border-left-color: var(--critical); } .card.sev-critical .number { color: var(--critical); }
    .card.sev-high { border-left-color: var(--high); } .card.sev-high .number { color: var(--high); }
    .card.sev-medium { border-left-color: var(--medium); } .card.sev-medium .number { color: var(--medium); }
    .card.sev-low { border-left-color: var(--low); } .card.sev-low .number { color: var(--low); }
    .card.sev-info { border-left-color: var(--info); }
    .card.zero .number { color: #9aa5b1; }
    .card.other { border-left-color: #64748b; }
    .badge { display: inline-block; border-radius: 4px; padding: 1px 8px; font-size: 12px; font-weight: 700; letter-spacing: .04em; text-transform: uppercase; color: #fff; white-space: nowrap; }
    .badge.sev-critical { background: var(--critical); } .badge.sev-high { background: var(--high); }
    .badge.sev-medium { background: var(--medium); } .badge.sev-low { background: var(--low); } .badge.sev-info { background: var(--info); }
    .badge.suppressed { background: #e2e8f0; color: #334155; }
    .badge.gate { background: #111827; }
    .badge.pass { background: var(--pass); } .badge.fail { background: var(--fail); } .badge.unknown { background: #64748b; }
    table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 14px; }
    th, td { border-bottom: 1px solid var(--line); padding: 7px 10px; text-align: left; vertical-align: top; overflow-wrap: break-word; }
    thead th { white-space: nowrap; }
    td.short { min-width: 13ch; }
    td.path, td.loc { word-break: break-all; min-width: 16ch; }
    td.loc { min-width: 24ch; }
    td.msg { min-width: 30ch; }
    thead th { background: #eef1f5; font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: #394452; position: relative; }
    tbody tr:hover { background: #f8fafc; }
    tr.suppressed td { color: #7b8794; }
    tr.suppressed td .badge.sev-critical, tr.suppressed td .badge.sev-high, tr.suppressed td .badge.sev-medium,
    tr.suppressed td .badge.sev-low, tr.suppressed td .badge.sev-info { opacity: .55; }
    button.sort { all: unset; cursor: pointer; }
    button.sort::after { content: " \\2195"; color: #9aa5b1; }
    th[aria-sort="ascending"] button.sort::after { content: " \\2191"; color: #394452; }
    th[aria-sort="descending"] button.sort::after { content: " \\2193"; color: #394452; }
    .controls { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; margin: 6px 0 4px; }
    .controls select, .controls input[type=search], [data-filter-target] input { padding: 6px 8px; border: 1px solid #b8c1cc; border-radius: 5px; font: inherit; }
    .controls input[type=search], [data-filter-target] input { min-width: 320px; }
    .filter-status { color: var(--muted); font-size: 13px; }
    section.rule { border-top: 1px solid var(--line); padding-top: 4px; }
    section.rule > header h3 { display: flex; gap: 10px; align-items: center; flex-wrap: wrap; }
    section.rule .help { margin: 4px 0 10px; max-width: 100ch; }
    article.finding { border: 1px solid var(--line); border-left: 5px solid var(--info); border-radius: 6px; margin: 12px 0; padding: 10px 14px; background: #fcfdfe; }
    article.finding.sev-critical { border-left-color: var(--critical); } article.finding.sev-high { border-left-color: var(--high); }
    article.finding.sev-medium { border-left-color: var(--medium); } article.finding.sev-low { border-left-color: var(--low); }
    article.finding.suppressed { opacity: .78; border-left-style: dashed; background: #f8fafc; }
    .finding-head { overflow-wrap: anywhere; display: flex; flex-wrap: wrap; gap: 6px 14px; align-items: baseline; font-size: 14px; }
    .finding-head .where { font-weight: 600; }
    .finding-head .path, .finding-head .stmt { color: var(--muted); }
    .message { margin: 6px 0; font-size: 15px; overflow-wrap: anywhere; }
    .suppression-note { margin: 6px 0; padding: 6px 10px; background: #f1f5f9; border-radius: 4px; font-size: 13px; color: #334155; }
    pre.excerpt { background: #0f172a; color: #e2e8f0; border-radius: 6px; padding: 10px 0; overflow-x: auto; margin: 8px 0; }
    pre.excerpt .line { display: block; padding: 0 14px 0 0; }
    pre.excerpt .line.in-span { background: rgba(253, 230, 138, .12); }
    pre.excerpt .ln { display: inline-block; min-width: 3.5em; padding-right: 12px; margin-right: 12px; text-align: right; color: #64748b; border-right: 1px solid #334155; user-select: none; }
    pre.excerpt mark { background: var(--mark); color: #111827; border-radius: 2px; padding: 0 1px; }
    .remediation pre { background: #f0fdf4; border: 1px solid #bbf7d0; border-radius: 6px; padding: 8px 12px; white-space: pre-wrap; margin: 4px 0; font-size: 13px; }
    .decision { display: inline-block; border-radius: 4px; padding: 1px 8px; font-size: 13px; font-weight: 600; white-space: nowrap; }
    .decision.allowed { background: #dcfce7; color: #14532d; }
    .decision.implicitDeny { background: #f1f5f9; color: #475569; }
    .decision.explicitDeny { background: #fee2e2; color: #7f1d1d; }
    .decision.allowed.risk-high { background: #b91c1c; color: #fff; }
    .decision.allowed.risk-caution { background: #fef3c7; color: #78350f; }
    td.cell.risk-high { box-shadow: inset 4px 0 0 #b91c1c; }
    td.cell.risk-caution { box-shadow: inset 4px 0 0 #d97706; }
    .risk-reasons { color: #b91c1c; font-weight: 600; }
    tr.representative th { font-weight: 400; }
    .assumption { color: var(--muted); font-size: 12px; }
    .deny-reason { color: var(--muted); }
    td.cell details { margin-top: 4px; font-size: 12.5px; }
    td.cell details summary { cursor: pointer; color: var(--muted); }
    td.cell ul { margin: 4px 0; padding-left: 18px; }
    .status.allowed, .status.pass { color: var(--pass); font-weight: 700; }
    .status.failing, .status.fail { color: var(--fail); font-weight: 700; }
    .status.unknown { color: #64748b; font-weight: 700; }
    ul.notes { margin: 4px 0 0; padding-left: 18px; color: var(--muted); font-size: 13px; }
    footer { color: var(--muted); font-size: 13px; padding: 0 40px 30px; }
    [hidden] { display: none !important; }
    @media (max-width: 700px) {
      body { font-size: 14px; }
      .banner { padding: 16px 14px 12px; }
      .banner h1 { font-size: 22px; }
      .banner dl.meta { grid-template-columns: 1fr; }
      nav.toc { padding: 0 6px; }
      main { padding: 4px 8px 24px; }
      section.block { padding: 4px 10px 12px; }
      table { display: block; overflow-x: auto; max-width: 100%; }
      td.msg, td.loc, td.path { min-width: 0; }
      .controls input[type=search], [data-filter-target] input { min-width: 0; width: 100%; }
      footer { padding: 0 10px 20px; }
    }
    @media print { nav.toc, .controls, [data-filter-target] input { display: none; } section.block { break-inside: avoid-page; } }
    """
}
