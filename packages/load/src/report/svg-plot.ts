/** A percentile curve: value (ms) at each percentile level (0–100). */
export interface PlotSeries {
  readonly name: string;
  readonly color: string;
  readonly dashed: boolean;
  readonly points: readonly { readonly percentile: number; readonly value: number }[];
}

const WIDTH = 720;
const HEIGHT = 300;
const MARGIN = { left: 72, right: 16, top: 16, bottom: 40 } as const;
/** The x axis ends at 99.999% (1/(1−p) = 10^5), as HdrHistogram plots do. */
const MAX_NINES = 5;
const X_TICKS = ['0%', '90%', '99%', '99.9%', '99.99%', '99.999%'];

/** Position of a percentile on the usual HDR axis: log10(1 / (1 − p)), clamped to [0, 5]. */
export function percentileAxisPosition(percentile: number): number {
  if (percentile >= 100) return MAX_NINES;
  return Math.min(MAX_NINES, Math.max(0, Math.log10(100 / (100 - percentile))));
}

/** An inline SVG percentile plot (no scripts, fonts or external references). */
export function renderPercentilePlot(label: string, series: readonly PlotSeries[]): string {
  const values = series.flatMap((line) => line.points.map((point) => point.value));
  if (values.length === 0) return '';
  const [low, high, step] = niceRange(Math.min(...values), Math.max(...values));
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (percentile: number) =>
    MARGIN.left + (percentileAxisPosition(percentile) / MAX_NINES) * plotWidth;
  const y = (value: number) => MARGIN.top + plotHeight - ((value - low) / (high - low)) * plotHeight;
  const parts: string[] = [
    `<svg class="plot" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeHtml(label)}">`,
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotWidth}" height="${plotHeight}" class="frame"/>`,
  ];
  X_TICKS.forEach((tick, nines) => {
    const position = MARGIN.left + (nines / MAX_NINES) * plotWidth;
    parts.push(
      `<line x1="${round(position)}" y1="${MARGIN.top}" x2="${round(position)}" y2="${MARGIN.top + plotHeight}" class="grid"/>`,
      `<text x="${round(position)}" y="${HEIGHT - MARGIN.bottom + 16}" text-anchor="middle">${tick}</text>`,
    );
  });
  for (let value = low; value <= high + step / 2; value += step) {
    const position = y(value);
    parts.push(
      `<line x1="${MARGIN.left}" y1="${round(position)}" x2="${MARGIN.left + plotWidth}" y2="${round(position)}" class="grid"/>`,
      `<text x="${MARGIN.left - 6}" y="${round(position + 4)}" text-anchor="end">${formatTick(value, step)}</text>`,
    );
  }
  parts.push(
    `<text x="${MARGIN.left + plotWidth / 2}" y="${HEIGHT - 6}" text-anchor="middle">percentile</text>`,
    `<text x="14" y="${MARGIN.top + plotHeight / 2}" text-anchor="middle" transform="rotate(-90 14 ${MARGIN.top + plotHeight / 2})">ms</text>`,
  );
  for (const line of series) {
    const coordinates = line.points.map((point) => `${round(x(point.percentile))},${round(y(point.value))}`);
    parts.push(
      `<polyline points="${coordinates.join(' ')}" stroke="${line.color}"${line.dashed ? ' stroke-dasharray="6 4"' : ''} class="series">` +
        `<title>${escapeHtml(line.name)}</title></polyline>`,
    );
  }
  parts.push('</svg>');
  return parts.join('\n');
}

/** Axis bounds and step on a 1-2-5 grid with about five intervals. */
export function niceRange(min: number, max: number): [number, number, number] {
  const span = max - min;
  const padded = span === 0 ? Math.max(Math.abs(max) * 0.1, 1) : span;
  const rough = padded / 5;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step =
    [1, 2, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rough) ?? rough;
  const low = Math.floor((span === 0 ? min - padded / 2 : min) / step) * step;
  const high = Math.ceil((span === 0 ? max + padded / 2 : max) / step) * step;
  return [low, high === low ? low + step : high, step];
}

function formatTick(value: number, step: number): string {
  const decimals = Math.max(0, Math.min(6, -Math.floor(Math.log10(step))));
  return (Math.abs(value) < step / 1e6 ? 0 : value).toFixed(decimals);
}

function round(value: number): string {
  return (Math.round(value * 100) / 100).toString();
}

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** A plot with its caption and a legend of its series; nothing when there is no series. */
export function renderPlotFigure(caption: string, series: readonly PlotSeries[]): string {
  if (series.length === 0) return '';
  const legend = series
    .map(
      (line) =>
        `<li><span class="swatch${line.dashed ? ' dashed' : ''}" style="border-color:${line.color}"></span>${escapeHtml(line.name)}</li>`,
    )
    .join('');
  return `<figure><figcaption>${escapeHtml(caption)}</figcaption>\n${renderPercentilePlot(caption, series)}\n<ul class="legend">${legend}</ul></figure>`;
}
