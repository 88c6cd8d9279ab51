// The oldest toolchain the project builds with, read from its resolved dependency
// graph, and the packages that set it: the highest minimums first.
import { floorSentence, type ToolchainFloor } from '../../../../shared/preflight';

/** How many packages below the binding ones to list. */
const NEXT = 5;

export function ToolchainFloorCard({ floor }: { floor: ToolchainFloor | null }): React.JSX.Element | null {
  if (floor === null) return null;
  const binding = floor.pins.filter((p) => p.binding);
  const next = floor.pins.filter((p) => !p.binding);
  return (
    <section className="card" aria-label="Toolchain floor">
      <h3>Toolchain floor{floor.rust ? `: Rust ${floor.rust}` : ''}</h3>
      <p className="small">{floorSentence(floor)}</p>
      {floor.pins.length > 0 && (
        <table className="small">
          <thead>
            <tr>
              <th>Package</th>
              <th>Version</th>
              <th>Needs Rust</th>
              <th>Because of</th>
            </tr>
          </thead>
          <tbody>
            {[...binding, ...next.slice(0, NEXT)].map((p) => (
              <tr key={`${p.name}@${p.version}`} data-floor-pin={p.name} className={p.binding ? 'binding' : undefined}>
                <td>
                  {p.binding ? <strong>{p.name}</strong> : p.name}
                  {p.member ? ' (this project)' : ''}
                </td>
                <td>{p.version}</td>
                <td>{p.rust}</td>
                <td>{p.why}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next.length > NEXT && <p className="muted small">and {next.length - NEXT} more packages with a lower minimum</p>}
    </section>
  );
}
