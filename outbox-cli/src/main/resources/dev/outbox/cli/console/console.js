/*
 * Outbox console page. Plain ES2020, no framework, no build step: the console server serves this file
 * from the jar as it is. Every text that comes from the API goes into the page through textContent or
 * setAttribute, never through innerHTML.
 */
'use strict';
(() => {
  const POLL_MS = 2000;
  const REQUEST_TIMEOUT_MS = 8000;
  const VERIFY_POLL_MS = 1000;
  const TOKEN_KEY = 'outbox-console-token';
  const TOKEN_HEADER = 'X-Outbox-Console-Token';
  const CHART_WINDOW_MS = 10 * 60 * 1000;
  const GAP_BREAK_MS = 6000; // three samples missing: draw a gap rather than a line across it
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const STATES = ['healthy', 'lagging', 'down', 'standby', 'unknown'];
  const COLUMNS = [
    ['database', 'Databases'],
    ['relay', 'Relays'],
    ['topic', 'Topics'],
    ['consumer', 'Consumers'],
  ];
  const ARROW_MEANING = {
    database: 'outbox writes',
    relay: 'relay events',
    topic: 'events applied by the consumer',
  };
  // Tableau 10: distinct, and readable on both the light and the dark background.
  const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd',
    '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f'];

  const $ = (selector, root = document) => root.querySelector(selector);

  // ---- DOM helpers: text only ever goes through text nodes and attributes ----

  function build(ns, tag, attrs, children) {
    const node = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'text') node.textContent = String(value);
      else if (key === 'style') Object.assign(node.style, value); // CSSOM: allowed by a CSP without 'unsafe-inline'
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    append(node, children);
    return node;
  }

  function append(node, children) {
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }

  const h = (tag, attrs, ...children) => build(null, tag, attrs, children);
  const s = (tag, attrs, ...children) => build(SVG_NS, tag, attrs, children);

  // ---- Formatting ----

  function trimZeros(text) {
    return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
  }

  function number(value, decimals) {
    return Number(value).toLocaleString('en-US', {maximumFractionDigits: decimals, minimumFractionDigits: 0});
  }

  function rate(value) {
    if (value === null || value === undefined || !Number.isFinite(value)) return '–';
    const abs = Math.abs(value);
    if (abs >= 10000) return trimZeros((value / 1000).toFixed(1)) + 'k';
    if (abs >= 100) return number(value, 0);
    if (abs >= 10) return number(value, 1);
    if (abs === 0) return '0';
    return number(value, 2);
  }

  function bytes(value) {
    if (value === null || value === undefined || !Number.isFinite(value)) return '–';
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let scaled = value;
    let unit = 0;
    while (Math.abs(scaled) >= 1024 && unit < units.length - 1) {
      scaled /= 1024;
      unit++;
    }
    const decimals = unit === 0 ? 0 : Math.abs(scaled) < 10 ? 1 : 0;
    return trimZeros(scaled.toFixed(decimals)) + ' ' + units[unit];
  }

  function seconds(value) {
    if (value === null || value === undefined || !Number.isFinite(value)) return '–';
    const abs = Math.abs(value);
    if (abs === 0) return '0 s';
    if (abs < 1) return Math.round(value * 1000) + ' ms';
    if (abs < 10) return trimZeros(value.toFixed(2)) + ' s';
    if (abs < 60) return trimZeros(value.toFixed(1)) + ' s';
    if (abs < 3600) {
      const m = Math.floor(abs / 60);
      return `${value < 0 ? '-' : ''}${m} min ${String(Math.floor(abs - m * 60)).padStart(2, '0')} s`;
    }
    const hours = Math.floor(abs / 3600);
    return `${value < 0 ? '-' : ''}${hours} h ${String(Math.floor((abs - hours * 3600) / 60)).padStart(2, '0')} min`;
  }

  /** The kind of quantity a chart's unit names: 'rate', 'bytes', 'seconds' or 'other'. */
  function unitKind(unit) {
    const u = String(unit || '').trim().toLowerCase();
    if (u.endsWith('/s')) return 'rate';
    if (u === 'b' || u === 'byte' || u === 'bytes') return 'bytes';
    if (u === 's' || u === 'sec' || u === 'second' || u === 'seconds') return 'seconds';
    if (u === 'ms') return 'millis';
    return 'other';
  }

  function formatValue(unit, value) {
    switch (unitKind(unit)) {
      case 'rate': return value === null || value === undefined ? '–' : `${rate(value)} ${unit}`;
      case 'bytes': return bytes(value);
      case 'seconds': return seconds(value);
      case 'millis': return value === null || value === undefined ? '–' : seconds(value / 1000);
      default: return value === null || value === undefined ? '–' : `${number(value, 2)} ${unit || ''}`.trim();
    }
  }

  function unitLabel(unit) {
    switch (unitKind(unit)) {
      case 'bytes': return 'B / KiB / MiB';
      case 'seconds': return 'ms / s';
      default: return unit || '';
    }
  }

  const pad2 = (n) => String(n).padStart(2, '0');

  function parseTime(text) {
    if (text === null || text === undefined) return null;
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? null : ms;
  }

  /** 07:10:00 (UTC), with milliseconds when asked. */
  function clock(ms, millis = false) {
    if (ms === null || ms === undefined) return '–';
    const d = new Date(ms);
    const base = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
    return millis ? `${base}.${String(d.getUTCMilliseconds()).padStart(3, '0')}` : base;
  }

  /** A time of the API for a table: the clock when it is today (UTC), else the date as well. */
  function when(text, reference) {
    const ms = parseTime(text);
    if (ms === null) return text ? String(text) : '–';
    const day = new Date(ms).toISOString().slice(0, 10);
    const today = new Date(reference || Date.now()).toISOString().slice(0, 10);
    return day === today ? clock(ms) : `${day} ${clock(ms)}`;
  }

  function shortId(id) {
    const text = String(id || '');
    return text.length > 13 ? text.slice(0, 8) + '…' : text;
  }

  // ---- HTTP ----

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  async function api(path, options = {}) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
    let response;
    try {
      response = await fetch(path, {
        cache: 'no-store',
        headers: {Accept: 'application/json', ...(options.headers || {})},
        method: options.method || 'GET',
        signal: controller.signal,
      });
    } catch (error) {
      throw new ApiError(0, error.name === 'AbortError'
        ? `the console server did not answer within ${REQUEST_TIMEOUT_MS / 1000} s`
        : 'the console server cannot be reached (is it still running?)');
    } finally {
      clearTimeout(timer);
    }
    const text = await response.text();
    let body = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch (ignored) {
      body = null;
    }
    if (!response.ok) {
      const sentence = body && typeof body.error === 'string' && body.error
        ? body.error
        : `the console server answered HTTP ${response.status} without an explanation`;
      throw new ApiError(response.status, sentence);
    }
    if (body === null) throw new ApiError(response.status, 'the console server answered something that is not JSON');
    return body;
  }

  // ---- State ----

  const page = {
    overview: null,
    lastOkAt: null, // when (browser clock) the last overview arrived
    failures: 0,
    lastError: null,
    polling: false,
    pollAgain: false,
    pollTimer: null,
    hoverT: null,
    colours: new Map(),
    deadLetterSignature: null,
    verifyTimer: null,
    pendingAction: null,
  };

  function token() {
    try {
      return sessionStorage.getItem(TOKEN_KEY) || '';
    } catch (ignored) {
      return '';
    }
  }

  function colourOf(name) {
    const base = String(name).replace(/ p(50|99)$/, '');
    if (!page.colours.has(base)) page.colours.set(base, PALETTE[page.colours.size % PALETTE.length]);
    return page.colours.get(base);
  }

  // ---- Polling ----

  async function poll() {
    if (page.polling) {
      page.pollAgain = true;
      return;
    }
    page.polling = true;
    clearTimeout(page.pollTimer);
    try {
      const overview = await api('/api/overview');
      page.overview = overview;
      page.lastOkAt = Date.now();
      page.failures = 0;
      page.lastError = null;
      renderOverview(overview);
    } catch (error) {
      page.failures++;
      page.lastError = error.message;
    } finally {
      renderPollStatus();
      page.polling = false;
      if (page.pollAgain) {
        page.pollAgain = false;
        poll();
      } else {
        page.pollTimer = setTimeout(poll, POLL_MS);
      }
    }
  }

  function renderPollStatus() {
    const dot = $('[data-testid=status-dot]');
    const stale = $('[data-testid=stale]');
    const banner = $('[data-testid=poll-error]');
    if (page.failures === 0 && page.overview) {
      dot.dataset.poll = 'ok';
      dot.title = 'the last poll answered';
      stale.hidden = true;
      stale.textContent = '';
      banner.hidden = true;
      return;
    }
    if (page.failures === 0) return; // still waiting for the first answer
    dot.dataset.poll = page.failures >= 2 ? 'failed' : 'stale';
    dot.title = `${page.failures} poll${page.failures > 1 ? 's' : ''} failed: ${page.lastError}`;
    stale.hidden = false;
    stale.textContent = page.lastOkAt ? `not updated since ${clock(page.lastOkAt)} UTC` : 'no overview yet';
    stale.title = dot.title;
    banner.hidden = false;
    banner.textContent = `${page.failures === 1 ? 'The last poll' : `The last ${page.failures} polls`} of /api/overview failed: `
      + `${page.lastError}. ${page.lastOkAt ? `The page shows the data of ${clock(page.lastOkAt)} UTC and keeps trying every ${POLL_MS / 1000} s.`
        : `It keeps trying every ${POLL_MS / 1000} s.`}`;
  }

  function renderOverview(overview) {
    const updated = $('[data-testid=updated-at]');
    const generated = parseTime(overview.generatedAt);
    updated.textContent = generated === null ? String(overview.generatedAt ?? '') : `${clock(generated)} UTC`;
    updated.setAttribute('datetime', String(overview.generatedAt ?? ''));
    updated.title = generated === null ? '' : new Date(generated).toString();
    renderProblems(overview.problems || []);
    renderFlow(overview.flow || {boxes: [], arrows: []});
    renderCharts(overview.charts || [], generated);
    renderDeadLetters(overview.deadLetters || [], overview.actionsEnabled === true, generated);
  }

  function renderProblems(problems) {
    const box = $('[data-testid=problems]');
    const list = $('ul', box);
    list.replaceChildren(...problems.map((problem) => h('li', {text: problem})));
    box.hidden = problems.length === 0;
  }

  // ---- Flow picture ----

  const FLOW = {boxHeight: 58, rowGap: 14, top: 22, minGap: 86, maxGap: 132, maxBoxWidth: 290};

  function layoutFlow(boxes, arrows, width) {
    const columns = COLUMNS.map(([kind]) => boxes.filter((box) => box.kind === kind));
    const strays = boxes.filter((box) => !COLUMNS.some(([kind]) => kind === box.kind));
    columns[columns.length - 1].push(...strays); // an unknown kind still shows, at the end
    const rows = Math.max(1, ...columns.map((column) => column.length));
    const incoming = new Map();
    for (const arrow of arrows) {
      if (!incoming.has(arrow.to)) incoming.set(arrow.to, []);
      incoming.get(arrow.to).push(arrow.from);
    }
    const row = new Map();
    columns.forEach((column, index) => {
      // Each box goes near the boxes that feed it (barycentre), so that arrows rarely cross.
      const wanted = column.map((box, order) => {
        const feeds = (incoming.get(box.id) || []).filter((id) => row.has(id)).map((id) => row.get(id));
        const centre = feeds.length ? feeds.reduce((a, b) => a + b, 0) / feeds.length : null;
        return {box, order, centre};
      });
      const centred = (rows - column.length) / 2;
      if (index === 0 || wanted.every((w) => w.centre === null)) {
        wanted.forEach((w, k) => row.set(w.box.id, centred + k));
        return;
      }
      wanted.sort((a, b) => (a.centre ?? Infinity) - (b.centre ?? Infinity) || a.order - b.order);
      let previous = -Infinity;
      const placed = wanted.map((w) => {
        const y = Math.max(w.centre ?? previous + 1, previous + 1, 0);
        previous = y;
        return y;
      });
      const overflow = placed[placed.length - 1] - (rows - 1);
      for (let k = placed.length - 1, limit = rows - 1; k >= 0 && overflow > 0; k--, limit--) {
        placed[k] = Math.min(placed[k], limit);
      }
      wanted.forEach((w, k) => row.set(w.box.id, placed[k]));
    });
    const wantedGap = Math.min(FLOW.maxGap, Math.max(FLOW.minGap, width * 0.09));
    const boxWidth = Math.min(FLOW.maxBoxWidth, (width - (COLUMNS.length - 1) * wantedGap) / COLUMNS.length);
    const gap = (width - COLUMNS.length * boxWidth) / (COLUMNS.length - 1);
    const place = new Map();
    columns.forEach((column, index) => {
      for (const box of column) {
        place.set(box.id, {
          box,
          x: index * (boxWidth + gap),
          y: FLOW.top + row.get(box.id) * (FLOW.boxHeight + FLOW.rowGap),
          w: boxWidth,
          h: FLOW.boxHeight,
        });
      }
    });
    const height = FLOW.top + rows * (FLOW.boxHeight + FLOW.rowGap) - FLOW.rowGap + 2;
    return {place, height, boxWidth, gap};
  }

  /** Fits a rendered SVG text into maxWidth: a slightly smaller font first, then an ellipsis. */
  function fitText(node, text, maxWidth, smallerFonts = []) {
    node.style.fontSize = '';
    node.textContent = text;
    if (maxWidth <= 0 || node.getComputedTextLength() <= maxWidth) return;
    for (const size of smallerFonts) {
      node.style.fontSize = size;
      if (node.getComputedTextLength() <= maxWidth) return;
    }
    let low = 0;
    let high = text.length;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      node.textContent = text.slice(0, mid) + '…';
      if (node.getComputedTextLength() <= maxWidth) low = mid;
      else high = mid - 1;
    }
    node.textContent = text.slice(0, low) + '…';
  }

  function setAttributes(node, attributes) {
    for (const [name, value] of Object.entries(attributes)) {
      const text = String(value);
      if (node.getAttribute(name) !== text) node.setAttribute(name, text);
    }
  }

  function setText(node, text) {
    if (node.textContent !== text) node.textContent = text;
  }

  /** The child of layer with that key, made by create() when there is none yet. */
  function keyed(layer, key, create) {
    for (const child of layer.children) {
      if (child.key === key) return child;
    }
    const child = create();
    child.key = key;
    layer.append(child);
    return child;
  }

  function removeOthers(layer, keys) {
    [...layer.children].filter((child) => !keys.has(child.key)).forEach((child) => child.remove());
  }

  /*
   * The picture is updated in place (boxes keyed by id, arrows by from->to): a poll changes attributes
   * and texts but keeps the elements, so that a pointer hovering a box keeps its tooltip and a browser
   * test keeps its references.
   */
  function renderFlow(flow) {
    const container = $('[data-testid=flow]');
    const boxes = (flow.boxes || []).filter((box) => box && box.id);
    if (boxes.length === 0) {
      container.replaceChildren(h('p', {class: 'empty', 'data-testid': 'flow-empty',
        text: 'No service is declared yet: the flow appears once the console knows a database.'}));
      return;
    }
    const width = Math.max(600, container.clientWidth || 1000);
    const known = new Set(boxes.map((box) => box.id));
    const arrows = (flow.arrows || []).filter((arrow) => known.has(arrow.from) && known.has(arrow.to));
    const {place, height, boxWidth, gap} = layoutFlow(boxes, arrows, width);

    let svg = $('svg', container);
    if (!svg) {
      svg = s('svg', {role: 'img', 'aria-label': 'flow from each service database through its relay and topic to each consumer'},
        s('defs', {}, s('marker', {id: 'flow-head', viewBox: '0 0 10 10', refX: 9, refY: 5,
          markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse'}, s('path', {d: 'M0,0 L10,5 L0,10 z'}))),
        COLUMNS.map(([, title]) => s('text', {class: 'col-title', y: 12, text: title})),
        s('g', {class: 'arrows'}),
        s('g', {class: 'boxes'}));
      container.replaceChildren(svg);
    }
    setAttributes(svg, {viewBox: `0 0 ${width} ${height}`, height});
    svg.querySelectorAll('.col-title').forEach((title, index) => setAttributes(title, {x: index * (boxWidth + gap)}));
    const arrowLayer = $('g.arrows', svg);
    const boxLayer = $('g.boxes', svg);
    const fits = [];
    const outgoing = new Map();
    const incoming = new Map();
    for (const arrow of arrows) {
      outgoing.set(arrow.from, (outgoing.get(arrow.from) || 0) + 1);
      incoming.set(arrow.to, (incoming.get(arrow.to) || 0) + 1);
    }

    for (const arrow of arrows) {
      const key = `${arrow.from}->${arrow.to}`;
      const group = keyed(arrowLayer, key, () => s('g', {'data-arrow': key},
        s('title'), s('path', {'marker-end': 'url(#flow-head)'}), s('rect', {class: 'rate-bg', rx: 3}),
        s('text', {'text-anchor': 'middle'})));
      const [title, path, background, text] = group.children;
      const a = place.get(arrow.from);
      const b = place.get(arrow.to);
      const x1 = a.x + a.w;
      const y1 = a.y + a.h / 2;
      const x2 = b.x - 2;
      const y2 = b.y + b.h / 2;
      const bend = (x2 - x1) / 2;
      const isKnown = typeof arrow.rate === 'number' && Number.isFinite(arrow.rate);
      const meaning = ARROW_MEANING[a.box.kind] || 'events';
      // Where arrows fan out (or in), their labels go where the curves are apart.
      const along = outgoing.get(arrow.from) > 1 ? 0.62 : incoming.get(arrow.to) > 1 ? 0.38 : 0.5;
      const xAt = 1.5 * along * (1 - along) + along ** 3; // the curve's point at parameter `along`
      const yAt = 3 * along ** 2 - 2 * along ** 3;
      setAttributes(group, {class: `arrow${!isKnown || arrow.rate === 0 ? ' idle' : ''}`});
      setText(title, `${a.box.label || a.box.id} → ${b.box.label || b.box.id}: ${meaning}, ${isKnown
        ? `${rate(arrow.rate)} events/s` : 'not known yet (needs a second sample)'}`);
      setAttributes(path, {d: `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`});
      setAttributes(text, {x: x1 + (x2 - x1) * xAt, y: y1 + (y2 - y1) * yAt - 6,
        class: isKnown ? 'rate' : 'rate unknown-rate', 'data-rate': isKnown ? arrow.rate : ''});
      setText(text, isKnown ? `${rate(arrow.rate)} events/s` : '– events/s');
      fits.push(() => {
        const box = text.getBBox();
        setAttributes(background, {x: box.x - 3, y: box.y - 1, width: box.width + 6, height: box.height + 2});
      });
    }
    removeOthers(arrowLayer, new Set(arrows.map((arrow) => `${arrow.from}->${arrow.to}`)));

    for (const {box, x, y, w, h: boxH} of place.values()) {
      const group = keyed(boxLayer, box.id, () => s('g', {class: 'box', 'data-box': box.id},
        s('title'),
        s('rect', {class: 'frame', x: 0.5, y: 0.5, rx: 6}),
        s('rect', {class: 'band', x: 0.5, y: 0.5, width: 4, rx: 2}),
        s('text', {class: 'label', x: 12, y: 21}),
        s('rect', {class: 'pill', x: 12, y: 31, height: 16, rx: 8}),
        s('text', {class: 'pill-text', y: 43, 'text-anchor': 'middle'}),
        s('text', {class: 'detail', y: 43})));
      const [title, frame, band, labelText, pill, pillText, detailText] = group.children;
      const state = STATES.includes(box.state) ? box.state : 'unknown';
      const label = String(box.label || box.id);
      const detail = box.detail === null || box.detail === undefined ? '' : String(box.detail);
      setAttributes(group, {'data-state': state, 'data-kind': box.kind, transform: `translate(${x},${y})`});
      setText(title, `${label}: ${state}${detail ? `, ${detail}` : ''}`);
      setAttributes(frame, {width: w - 1, height: boxH - 1});
      setAttributes(band, {height: boxH - 1});
      setText(pillText, state);
      fits.push(() => {
        const pillWidth = pillText.getComputedTextLength() + 14;
        setAttributes(pill, {width: pillWidth});
        setAttributes(pillText, {x: 12 + pillWidth / 2});
        setAttributes(detailText, {x: 12 + pillWidth + 6});
        fitText(labelText, label, w - 20, ['12px', '11.5px', '11px']);
        fitText(detailText, detail, w - 12 - pillWidth - 6 - 8);
      });
    }
    removeOthers(boxLayer, known);
    fits.forEach((fit) => fit()); // measuring text needs the SVG in the page
  }

  // ---- Charts ----

  const CHART = {height: 130, left: 58, right: 10, top: 8, bottom: 18};

  function niceStep(raw) {
    const power = Math.pow(10, Math.floor(Math.log10(raw)));
    const fraction = raw / power;
    const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
    return nice * power;
  }

  /** Y-axis ticks from 0 to at least max, in a scale that suits the unit (KiB, ms, ...). */
  function yTicks(unit, max) {
    const kind = unitKind(unit);
    let scale = 1;
    if (kind === 'bytes') {
      while (max / scale >= 1024) scale *= 1024;
    } else if (kind === 'seconds' && max > 0 && max < 1) {
      scale = 0.001;
    } else if (kind === 'seconds' && max >= 180) {
      scale = 60;
    }
    const scaledMax = max > 0 ? max / scale : 1;
    const step = niceStep(scaledMax / 3);
    const top = Math.ceil(scaledMax / step - 1e-9) * step;
    const ticks = [];
    for (let v = 0; v <= top + step / 1e6; v += step) ticks.push(v * scale);
    return {ticks, top: top * scale, label: (v) => tickLabel(kind, v, scale)};
  }

  function tickLabel(kind, value, scale) {
    if (kind === 'bytes') {
      const units = {1: 'B', 1024: 'KiB', 1048576: 'MiB', 1073741824: 'GiB', 1099511627776: 'TiB'};
      return value === 0 ? '0' : `${trimZeros((value / scale).toFixed(2))} ${units[scale] || 'B'}`;
    }
    if (kind === 'seconds') {
      if (value === 0) return '0';
      if (scale === 0.001) return `${Math.round(value * 1000)} ms`;
      if (scale === 60) return `${trimZeros((value / 60).toFixed(1))} min`;
      return `${trimZeros(value.toFixed(2))} s`;
    }
    return rate(value);
  }

  function lastValue(points) {
    for (let k = points.length - 1; k >= 0; k--) {
      if (typeof points[k][1] === 'number') return points[k];
    }
    return null;
  }

  function valueAt(points, t) {
    let low = 0;
    let high = points.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (points[mid][0] < t) low = mid + 1;
      else high = mid;
    }
    const candidates = [points[low - 1], points[low]].filter(Boolean);
    candidates.sort((a, b) => Math.abs(a[0] - t) - Math.abs(b[0] - t));
    const nearest = candidates[0];
    return nearest && Math.abs(nearest[0] - t) <= GAP_BREAK_MS ? nearest : null;
  }

  function cleanPoints(points) {
    return (Array.isArray(points) ? points : [])
      .filter((p) => Array.isArray(p) && typeof p[0] === 'number')
      .map((p) => [p[0], typeof p[1] === 'number' && Number.isFinite(p[1]) ? p[1] : null])
      .sort((a, b) => a[0] - b[0]);
  }

  function chartCard(chart) {
    const host = $('[data-testid=charts]');
    let card = host.querySelector(`[data-chart="${CSS.escape(String(chart.id))}"]`);
    if (!card) {
      card = h('div', {class: 'chart', 'data-chart': chart.id},
        h('h3', {}, h('span', {class: 'title'}), h('span', {class: 'unit'})),
        s('svg', {height: CHART.height, role: 'img'}),
        h('ul', {class: 'legend', 'data-legend': ''}));
      const svg = $('svg', card);
      svg.addEventListener('mousemove', (event) => hoverAt(svg, event));
      svg.addEventListener('mouseleave', () => setHover(null));
      host.append(card);
    }
    return card;
  }

  function renderCharts(charts, generated) {
    const host = $('[data-testid=charts]');
    const ids = new Set(charts.map((chart) => String(chart.id)));
    for (const card of [...host.children]) {
      if (!ids.has(card.dataset.chart)) card.remove();
    }
    charts.forEach((chart) => {
      const card = chartCard(chart);
      host.append(card); // keeps the order of the answer
      card.chart = {
        ...chart,
        lines: (chart.lines || []).map((line) => ({name: String(line.name), points: cleanPoints(line.points)})),
      };
      card.generated = generated;
      drawChart(card);
    });
  }

  function chartWindow(card) {
    const all = card.chart.lines.flatMap((line) => line.points.map((p) => p[0]));
    const end = card.generated ?? (all.length ? Math.max(...all) : Date.now());
    return {start: end - CHART_WINDOW_MS, end};
  }

  function drawChart(card) {
    const chart = card.chart;
    const svg = $('svg', card);
    $('.title', card).textContent = String(chart.title || chart.id);
    $('.unit', card).textContent = unitLabel(chart.unit);
    svg.setAttribute('aria-label', `${chart.title || chart.id}, ${chart.unit || ''}, last 10 minutes`);
    const width = Math.max(240, svg.clientWidth || card.clientWidth - 20 || 320);
    const height = CHART.height;
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    const {start, end} = chartWindow(card);
    const plotW = width - CHART.left - CHART.right;
    const plotH = height - CHART.top - CHART.bottom;
    const x = (t) => CHART.left + ((t - start) / (end - start)) * plotW;
    const visible = chart.lines.map((line) => ({...line, points: line.points.filter((p) => p[0] >= start && p[0] <= end)}));
    const values = visible.flatMap((line) => line.points.map((p) => p[1]).filter((v) => v !== null));
    const {ticks, top, label} = yTicks(chart.unit, values.length ? Math.max(...values) : 0);
    const y = (v) => CHART.top + plotH - (v / (top || 1)) * plotH;

    const children = [];
    const axis = s('g', {class: 'axis'});
    for (const tick of values.length ? ticks : [0]) {
      axis.append(s('line', {x1: CHART.left, x2: width - CHART.right, y1: y(tick), y2: y(tick), class: tick === 0 ? 'base' : null}),
        s('text', {x: CHART.left - 6, y: y(tick) + 3, 'text-anchor': 'end', text: label(tick)}));
    }
    const firstTick = Math.ceil(start / 120000) * 120000;
    for (let t = firstTick; t <= end; t += 120000) {
      if (x(t) < CHART.left + 14 || x(t) > width - CHART.right - 14) continue; // a half-shown label reads wrong
      axis.append(s('line', {x1: x(t), x2: x(t), y1: CHART.top + plotH, y2: CHART.top + plotH + 4, class: 'base'}),
        s('text', {x: x(t), y: height - 4, 'text-anchor': 'middle', text: clock(t).slice(0, 5)}));
    }
    children.push(axis);

    if (values.length === 0) {
      children.push(s('text', {class: 'nodata', x: CHART.left + plotW / 2, y: CHART.top + plotH / 2 + 4,
        'text-anchor': 'middle', 'data-testid': 'chart-empty', text: 'no data yet'}));
    }
    for (const line of visible) {
      let d = '';
      let previous = null;
      for (const [t, v] of line.points) {
        if (v === null) {
          previous = null;
          continue;
        }
        const moveTo = previous === null || t - previous > GAP_BREAK_MS;
        d += `${moveTo ? 'M' : 'L'}${x(t).toFixed(1)},${y(v).toFixed(1)}`;
        previous = t;
      }
      if (d) {
        children.push(s('path', {d, class: `series${/ p50$/.test(line.name) ? ' dashed' : ''}`,
          stroke: colourOf(line.name), 'data-line': line.name}));
      }
    }
    const hover = page.hoverT !== null && page.hoverT >= start && page.hoverT <= end ? page.hoverT : null;
    if (hover !== null) {
      children.push(s('line', {class: 'cursor', x1: x(hover), x2: x(hover), y1: CHART.top, y2: CHART.top + plotH}));
      for (const line of visible) {
        const point = valueAt(line.points, hover);
        if (point && point[1] !== null) {
          children.push(s('circle', {cx: x(point[0]), cy: y(point[1]), r: 2.5, fill: colourOf(line.name)}));
        }
      }
    }
    svg.replaceChildren(...children);
    drawLegend(card, visible, hover);
  }

  function drawLegend(card, lines, hover) {
    const legend = $('[data-legend]', card);
    const heading = $('h3', card);
    let at = $('.at', heading);
    if (!at) {
      at = h('span', {class: 'at'});
      heading.append(at);
    }
    at.textContent = hover === null ? '' : `${clock(hover)} UTC`;
    if (lines.length === 0) {
      legend.replaceChildren(h('li', {class: 'none', text: 'no series yet'}));
      return;
    }
    legend.replaceChildren(...lines.map((line) => {
      const point = hover === null ? lastValue(line.points) : valueAt(line.points, hover);
      return h('li', {'data-line': line.name},
        h('span', {class: `key${/ p50$/.test(line.name) ? ' dashed' : ''}`, style: {borderTopColor: colourOf(line.name)}}),
        h('span', {class: 'name', title: line.name, text: line.name}),
        h('span', {class: 'value', text: formatValue(card.chart.unit, point ? point[1] : null)}));
    }));
  }

  let hoverFrame = 0;

  function hoverAt(svg, event) {
    const card = svg.closest('[data-chart]');
    const rect = svg.getBoundingClientRect();
    const width = rect.width || 1;
    const {start, end} = chartWindow(card);
    const fraction = (event.clientX - rect.left - CHART.left * (rect.width / width)) / (width - CHART.left - CHART.right);
    setHover(fraction < 0 || fraction > 1 ? null : start + fraction * (end - start));
  }

  function setHover(t) {
    page.hoverT = t;
    cancelAnimationFrame(hoverFrame);
    hoverFrame = requestAnimationFrame(() => {
      for (const card of document.querySelectorAll('[data-chart]')) {
        if (card.chart) drawChart(card);
      }
    });
  }

  // ---- Dead letters ----

  function orderDeadLetters(rows) {
    const key = (row) => [row.database, row.consumer, row.aggregateType, row.aggregateId].join('\u0000');
    const parked = rows.filter((row) => row.status !== 'BLOCKED');
    const blocked = rows.filter((row) => row.status === 'BLOCKED');
    const used = new Set();
    const ordered = [];
    for (const row of parked) {
      ordered.push({row, head: null});
      blocked.forEach((other, index) => {
        if (!used.has(index) && key(other) === key(row)) {
          used.add(index);
          ordered.push({row: other, head: row});
        }
      });
    }
    blocked.forEach((other, index) => {
      if (!used.has(index)) ordered.push({row: other, head: null});
    });
    return ordered;
  }

  function actionBlocker(actionsEnabled) {
    if (!actionsEnabled) {
      return 'Actions are off: this console runs read-only or was started without a token. '
        + 'Start it with a token to replay or discard.';
    }
    if (!token()) {
      return 'Paste the console token (given when the console started) in the Token field at the top and press Save.';
    }
    return null;
  }

  /*
   * Rows are updated in place, keyed by database, consumer and event id: a poll must not replace the
   * buttons under the operator's pointer (or a browser test's reference to them) while nothing changed.
   */
  function renderDeadLetters(rows, actionsEnabled, generated) {
    const blocker = actionBlocker(actionsEnabled);
    const signature = JSON.stringify([rows, blocker, page.pendingAction]);
    if (signature === page.deadLetterSignature) return;
    page.deadLetterSignature = signature;

    const table = $('[data-testid=dead-letters]');
    const parked = rows.filter((row) => row.status === 'PARKED').length;
    $('[data-testid=dead-letters-count]').textContent = rows.length === 0 ? ''
      : `${parked} parked, ${rows.length - parked} blocked behind them`;
    table.hidden = rows.length === 0;
    $('[data-testid=dead-letters-empty]').hidden = rows.length !== 0;

    const body = $('tbody', table);
    const existing = new Map([...body.children].map((tr) => [tr.key, tr]));
    const wanted = orderDeadLetters(rows).map(({row, head}) => {
      const key = JSON.stringify([row.database, row.consumer, row.eventId]);
      const tr = existing.get(key) || h('tr', {'data-dead-letter': ''});
      existing.delete(key);
      tr.key = key;
      fillDeadLetter(tr, row, head, generated);
      fillActions(tr, row, blocker);
      return tr;
    });
    existing.forEach((tr) => tr.remove());
    wanted.forEach((tr, index) => {
      if (body.children[index] !== tr) body.insertBefore(tr, body.children[index] || null);
    });
  }

  function fillDeadLetter(tr, row, head, generated) {
    const status = row.status === 'BLOCKED' ? 'BLOCKED' : 'PARKED';
    const signature = JSON.stringify([row, head && head.eventId, when(row.parkedAt, generated)]);
    if (tr.signature === signature) return;
    tr.signature = signature;
    tr.row = row;
    for (const [name, value] of Object.entries({'data-event-id': row.eventId, 'data-database': row.database,
      'data-consumer': row.consumer, 'data-status': status})) {
      tr.setAttribute(name, String(value ?? ''));
    }
    const behind = typeof row.blockedBehind === 'number' ? row.blockedBehind : null;
    const cells = [
      h('td', {}, h('span', {class: `badge ${status}`, text: status})),
      h('td', {class: 'who'}, h('div', {text: row.consumer}), h('div', {class: 'sub', text: `in ${row.database}`})),
      h('td', {},
        h('div', {}, `${row.eventType ?? '–'} `,
          h('a', {class: 'sub mono', href: `?trail=${encodeURIComponent(row.eventId)}`, title: `event ${row.eventId}: show its trail`,
            'data-trail-link': row.eventId, text: shortId(row.eventId)})),
        h('div', {class: 'sub'}, `${row.aggregateType ?? 'aggregate'} `,
          h('a', {class: 'mono', href: `?trail=${encodeURIComponent(row.aggregateId)}`,
            title: `aggregate ${row.aggregateId}: show the trail of its events`, 'data-trail-link': row.aggregateId,
            text: shortId(row.aggregateId)}))),
      h('td', {class: 'num', text: row.attempts ?? '–'}),
      h('td', {class: 'err', title: row.error ?? ''}, h('div', {text: row.error ?? '–'})),
      h('td', {title: row.parkedAt ?? '', class: 'mono', text: when(row.parkedAt, generated)}),
      h('td', {class: 'num behind'}, status === 'BLOCKED'
        ? h('span', {class: 'sub', title: head ? `waits for ${head.eventId}` : 'waits for a parked event of its aggregate',
          text: head ? `behind ${shortId(head.eventId)}` : 'waits'})
        : h('span', {text: behind === null ? '–' : behind === 1 ? '1 event' : `${behind} events`})),
    ];
    const actions = tr.querySelector('td.actions') || h('td', {class: 'actions'});
    tr.replaceChildren(...cells, actions);
  }

  function fillActions(tr, row, blocker) {
    const cell = tr.querySelector('td.actions');
    if (row.status === 'BLOCKED') {
      if (!cell.querySelector('.none')) cell.replaceChildren(h('span', {class: 'none', text: 'follows it'}));
      return;
    }
    if (!cell.querySelector('button')) {
      cell.replaceChildren(
        h('button', {type: 'button', 'data-action': 'replay', text: 'Replay',
          onclick: () => askConfirmation('replay', tr.row)}),
        h('button', {type: 'button', class: 'danger', 'data-action': 'discard', text: 'Discard',
          onclick: () => askConfirmation('discard', tr.row)}));
    }
    const pending = page.pendingAction === row.eventId;
    const behind = row.blockedBehind > 0 ? `, then the ${row.blockedBehind} blocked behind it` : '';
    const titles = {
      replay: `Apply this event again in ${row.consumer}${behind}`,
      discard: `Give up on this event (kept as DISCARDED)${behind ? ' and apply what waits behind it' : ''}`,
    };
    for (const button of cell.querySelectorAll('button[data-action]')) {
      button.disabled = Boolean(blocker) || pending;
      button.title = blocker || (pending ? 'an action on this event is under way' : titles[button.dataset.action]);
    }
  }

  function askConfirmation(action, row) {
    const dialog = $('[data-testid=confirm]');
    const yes = $('[data-testid=confirm-yes]');
    const behind = row.blockedBehind > 0 ? row.blockedBehind : 0;
    $('#confirm-title').textContent = action === 'replay' ? 'Replay this dead letter?' : 'Discard this dead letter?';
    $('.confirm-text', dialog).textContent = action === 'replay'
      ? `${row.consumer} applies the event again${behind ? `; if it succeeds, the ${behind} event${behind > 1 ? 's' : ''} blocked behind it follow` : ''}.`
      : `The event is never applied (its row is kept as DISCARDED)${behind ? `, and the ${behind} event${behind > 1 ? 's' : ''} blocked behind it are applied` : ''}. This cannot be undone.`;
    const facts = [
      ['Event', `${row.eventType ?? '–'} ${row.eventId}`],
      ['Aggregate', `${row.aggregateType ?? '–'} ${row.aggregateId ?? '–'}`],
      ['Consumer', `${row.consumer} in ${row.database}`],
      ['Attempts', row.attempts ?? '–'],
      ['Error', row.error ?? '–'],
    ];
    $('.confirm-facts', dialog).replaceChildren(...facts.flatMap(([term, value]) => [h('dt', {text: term}), h('dd', {text: value})]));
    yes.textContent = action === 'replay' ? 'Replay' : 'Discard';
    yes.className = action === 'replay' ? 'primary' : 'primary danger';
    dialog.confirming = {action, row, opener: document.activeElement};
    dialog.hidden = false;
    $('[data-testid=confirm-no]').focus();
  }

  function closeConfirmation() {
    const dialog = $('[data-testid=confirm]');
    const opener = dialog.confirming && dialog.confirming.opener;
    dialog.hidden = true;
    dialog.confirming = null;
    if (opener && document.contains(opener)) opener.focus();
  }

  async function runAction(action, row) {
    const result = $('[data-testid=action-result]');
    const path = `/api/dead-letters/${encodeURIComponent(row.database)}/${encodeURIComponent(row.consumer)}/`
      + `${encodeURIComponent(row.eventId)}/${action}`;
    result.hidden = false;
    result.dataset.outcome = 'pending';
    result.textContent = `${action === 'replay' ? 'Replaying' : 'Discarding'} ${row.eventId} for ${row.consumer}…`;
    page.pendingAction = row.eventId;
    page.deadLetterSignature = null;
    if (page.overview) renderDeadLetters(page.overview.deadLetters || [], page.overview.actionsEnabled === true, parseTime(page.overview.generatedAt));
    try {
      const answer = await api(path, {method: 'POST', headers: {[TOKEN_HEADER]: token()}});
      result.dataset.outcome = 'ok';
      result.textContent = String(answer.result ?? `${action} done`);
    } catch (error) {
      result.dataset.outcome = 'error';
      result.textContent = error.message;
    } finally {
      page.pendingAction = null;
      page.deadLetterSignature = null;
      poll();
    }
  }

  // ---- Trail ----

  async function runTrail(raw) {
    const query = String(raw || '').trim();
    const out = $('[data-testid=trail]');
    const url = new URL(location.href);
    if (query) url.searchParams.set('trail', query);
    else url.searchParams.delete('trail');
    history.replaceState(history.state, '', url);
    if (!query) {
      out.replaceChildren(h('p', {class: 'trail-error', 'data-testid': 'trail-error',
        text: 'Paste an event id or an aggregate id (a UUID), then press Show trail.'}));
      return;
    }
    out.replaceChildren(h('p', {class: 'empty', text: 'Looking it up…'}));
    try {
      renderTrail(query, await api(`/api/trail?q=${encodeURIComponent(query)}`));
    } catch (error) {
      out.replaceChildren(h('p', {class: 'trail-error', 'data-testid': 'trail-error', text: error.message}));
    }
  }

  function renderTrail(query, answer) {
    const out = $('[data-testid=trail]');
    const events = Array.isArray(answer.events) ? answer.events : [];
    if (events.length === 0) {
      out.replaceChildren(h('p', {class: 'empty', 'data-testid': 'trail-empty',
        text: `Nothing is known under ${query}: no outbox row, Kafka record or inbox row carries it as event id or aggregate id.`}));
      return;
    }
    const intro = events.length > 1
      ? h('p', {class: 'hint', text: `${events.length} events of this aggregate, newest first${events.length >= 20 ? ' (the last 20)' : ''}.`})
      : null;
    out.replaceChildren(...[intro, ...events.map(trailEvent)].filter(Boolean));
  }

  function trailEvent(event) {
    const steps = Array.isArray(event.steps) ? event.steps : [];
    const delays = steps.map((step) => step.sinceWrittenMs).filter((ms) => typeof ms === 'number');
    const longest = Math.max(1, ...delays);
    const last = delays.length ? Math.max(...delays) : null;
    return h('div', {class: 'trail-event', 'data-trail-event': event.eventId},
      h('header', {},
        h('strong', {text: event.eventType ?? 'event'}),
        h('span', {text: `${event.aggregateType ?? '–'} ${event.aggregateId ?? ''}`}),
        h('span', {class: 'ids', text: `event ${event.eventId}`}),
        last !== null && steps.length > 1 ? h('span', {class: 'hint', text: `last step ${seconds(last / 1000)} after written`}) : null),
      steps.length === 0 ? h('p', {class: 'empty', text: 'no step recorded'}) : h('ol', {class: 'steps'}, steps.map((step) => {
        const since = typeof step.sinceWrittenMs === 'number' ? step.sinceWrittenMs : null;
        return h('li', {'data-step': step.step, 'data-database': step.database ?? ''},
          h('span', {class: 'step', text: step.step}),
          h('time', {class: 'at', datetime: step.at ?? '', title: step.at ?? '', text: step.at ? `${clock(parseTime(step.at), true)}` : '–'}),
          h('span', {class: 'since', title: 'since written', text: since === null ? '–' : `+${seconds(since / 1000)}`}),
          h('span', {class: 'where', title: [step.database, step.actor, step.detail].filter(Boolean).join(' · ')},
            h('span', {class: 'db', text: step.database ?? '–'}), ' · ',
            h('span', {class: 'actor', text: step.actor ?? '–'}),
            step.detail ? [' · ', h('span', {class: 'detail', text: step.detail})] : null),
          h('span', {class: 'bar', 'aria-hidden': 'true'},
            h('span', {style: {width: `${since === null ? 0 : Math.max(2, (since / longest) * 100).toFixed(1)}%`}})));
      })));
  }

  // ---- Verify ----

  async function loadVerify() {
    clearTimeout(page.verifyTimer);
    const status = $('[data-testid=verify-status]');
    try {
      const answer = await api('/api/verify');
      renderVerify(answer.run ?? null);
      if (answer.run && answer.run.state === 'running') page.verifyTimer = setTimeout(loadVerify, VERIFY_POLL_MS);
    } catch (error) {
      status.dataset.outcome = 'error';
      status.textContent = `Cannot read the last verify run: ${error.message}`;
      page.verifyTimer = setTimeout(loadVerify, POLL_MS * 5);
    }
  }

  async function startVerify() {
    const status = $('[data-testid=verify-status]');
    const button = $('[data-testid=verify-run]');
    button.disabled = true;
    status.dataset.outcome = '';
    status.textContent = 'Starting verify…';
    try {
      await api('/api/verify', {method: 'POST'});
    } catch (error) {
      if (error.status !== 409) {
        button.disabled = false;
        status.dataset.outcome = 'error';
        status.textContent = error.message;
        return;
      }
    }
    loadVerify();
  }

  function renderVerify(run) {
    const status = $('[data-testid=verify-status]');
    const empty = $('[data-testid=verify-empty]');
    const table = $('[data-testid=verify]');
    const button = $('[data-testid=verify-run]');
    status.dataset.outcome = '';
    empty.hidden = run !== null;
    if (run === null) {
      table.hidden = true;
      status.textContent = '';
      button.disabled = false;
      return;
    }
    const started = parseTime(run.startedAt);
    if (run.state === 'running') {
      button.disabled = true;
      table.hidden = true;
      status.textContent = `Running since ${clock(started)} UTC…`;
      return;
    }
    button.disabled = false;
    const replicas = Array.isArray(run.replicas) ? run.replicas : [];
    const finished = parseTime(run.finishedAt);
    const differ = replicas.filter((replica) => replica.verdict !== 'MATCH').length;
    const took = started !== null && finished !== null ? `, took ${seconds((finished - started) / 1000)}` : '';
    status.textContent = `Last run finished ${when(run.finishedAt)} UTC${took}: `
      + (replicas.length === 0 ? 'no replica is declared.'
        : differ === 0 ? `${replicas.length === 1 ? 'the replica matches' : `all ${replicas.length} replicas match`} its source.`
          : `${differ} of ${replicas.length} replicas do not match their source.`);
    table.hidden = replicas.length === 0;
    $('tbody', table).replaceChildren(...replicas.map((replica) => h('tr', {'data-replica': replica.replica},
      h('td', {class: 'mono replica', text: replica.replica}),
      h('td', {}, h('span', {class: 'verdict', 'data-verdict': replica.verdict, text: replica.verdict})),
      h('td', {text: replica.summary ?? ''}))));
  }

  // ---- Wiring ----

  function renderTokenState() {
    const state = $('[data-testid=token-state]');
    state.textContent = token() ? 'saved' : 'none';
    state.title = token() ? 'kept for this tab only (sessionStorage)' : 'without a token the dead-letter actions are off';
  }

  function start() {
    const tokenInput = $('[data-testid=token]');
    tokenInput.value = token();
    renderTokenState();
    $('[data-testid=token-form]').addEventListener('submit', (event) => {
      event.preventDefault();
      const value = tokenInput.value.trim();
      try {
        if (value) sessionStorage.setItem(TOKEN_KEY, value);
        else sessionStorage.removeItem(TOKEN_KEY);
      } catch (ignored) {
        // storage refused (private mode): the token then lasts until the page reloads
      }
      renderTokenState();
      page.deadLetterSignature = null;
      if (page.overview) renderDeadLetters(page.overview.deadLetters || [], page.overview.actionsEnabled === true, parseTime(page.overview.generatedAt));
    });

    $('[data-testid=confirm-no]').addEventListener('click', closeConfirmation);
    $('[data-testid=confirm-yes]').addEventListener('click', () => {
      const {action, row} = $('[data-testid=confirm]').confirming || {};
      closeConfirmation();
      if (action) runAction(action, row);
    });
    $('[data-testid=confirm]').addEventListener('click', (event) => {
      if (event.target === event.currentTarget) closeConfirmation();
    });
    document.addEventListener('keydown', (event) => {
      const dialog = $('[data-testid=confirm]');
      if (dialog.hidden) return;
      if (event.key === 'Escape') closeConfirmation();
      if (event.key === 'Tab') { // keep the focus inside the open dialog
        const buttons = [$('[data-testid=confirm-no]'), $('[data-testid=confirm-yes]')];
        const next = buttons[(buttons.indexOf(document.activeElement) + 1) % 2];
        event.preventDefault();
        next.focus();
      }
    });

    const trailInput = $('[data-testid=trail-query]');
    $('[data-testid=trail-form]').addEventListener('submit', (event) => {
      event.preventDefault();
      runTrail(trailInput.value);
    });
    document.addEventListener('click', (event) => {
      const link = event.target.closest && event.target.closest('[data-trail-link]');
      if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
      event.preventDefault();
      trailInput.value = link.dataset.trailLink;
      runTrail(trailInput.value);
      trailInput.scrollIntoView({behavior: 'smooth', block: 'center'});
    });
    const initial = new URLSearchParams(location.search).get('trail');
    if (initial) {
      trailInput.value = initial;
      runTrail(initial);
    }

    $('[data-testid=verify-run]').addEventListener('click', startVerify);
    loadVerify();

    let resizeTimer = 0;
    window.addEventListener('resize', () => {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(() => {
        if (page.overview) {
          renderFlow(page.overview.flow || {boxes: [], arrows: []});
          document.querySelectorAll('[data-chart]').forEach((card) => card.chart && drawChart(card));
        }
      }, 150);
    });
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden) poll();
    });
    poll();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
