// Small SVG charts for the studio: a line over a series and labelled bars. Each has a
// text alternative (a table, visually hidden) so the numbers reach screen readers too.
type Point = { label: string; value: number };

const W = 600, H = 200, PAD = 28;

function Table({ title, points, format }: { title: string; points: Point[]; format: (n: number) => string }) {
  return (
    <table class="visually-hidden">
      <caption>{title}</caption>
      <tbody>{points.map((p) => <tr><th scope="row">{p.label}</th><td>{format(p.value)}</td></tr>)}</tbody>
    </table>
  );
}

export function LineChart({ title, points, format = String, max }: { title: string; points: Point[]; format?: (n: number) => string; max?: number }) {
  const top = max ?? Math.max(1, ...points.map((p) => p.value));
  const x = (i: number) => PAD + (i * (W - 2 * PAD)) / Math.max(1, points.length - 1);
  const y = (v: number) => H - PAD - (v / top) * (H - 2 * PAD);
  const path = points.map((p, i) => `${i ? "L" : "M"}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join(" ");
  return (
    <figure class="chart">
      <figcaption><h2>{title}</h2></figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title}>
        <line class="axis" x1={PAD} y1={H - PAD} x2={W - PAD} y2={H - PAD} />
        <line class="axis" x1={PAD} y1={PAD} x2={PAD} y2={H - PAD} />
        <text x={2} y={PAD + 4}>{format(top)}</text>
        <text x={2} y={H - PAD}>0</text>
        {points.length > 0 && <text x={PAD} y={H - 8}>{points[0].label}</text>}
        {points.length > 1 && <text x={W - PAD} y={H - 8} text-anchor="end">{points[points.length - 1].label}</text>}
        {points.length > 0 && <path class="line" d={path} />}
      </svg>
      <Table title={title} points={points} format={format} />
    </figure>
  );
}

export function BarChart({ title, points, format = String }: { title: string; points: Point[]; format?: (n: number) => string }) {
  const top = Math.max(1, ...points.map((p) => p.value));
  const band = (W - 2 * PAD) / Math.max(1, points.length);
  return (
    <figure class="chart">
      <figcaption><h2>{title}</h2></figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title}>
        <line class="axis" x1={PAD} y1={H - PAD} x2={W - PAD} y2={H - PAD} />
        {points.map((p, i) => {
          const h = (p.value / top) * (H - 2 * PAD);
          return (
            <g>
              <rect class="bar" x={PAD + i * band + band * 0.15} y={H - PAD - h} width={band * 0.7} height={h} />
              <text x={PAD + i * band + band / 2} y={H - 10} text-anchor="middle">{p.label}</text>
              <text x={PAD + i * band + band / 2} y={H - PAD - h - 4} text-anchor="middle">{format(p.value)}</text>
            </g>
          );
        })}
      </svg>
      <Table title={title} points={points} format={format} />
    </figure>
  );
}
