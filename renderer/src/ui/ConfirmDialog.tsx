import { Dialog } from './Dialog';

/** Asks before a final action; the confirm button names the action. */
export function ConfirmDialog(props: { open: boolean; title: string; body: string; confirmLabel: string; onConfirm: () => void; onCancel: () => void }) {
  return (
    <Dialog open={props.open} title={props.title} onClose={props.onCancel}>
      <p>{props.body}</p>
      <div className="dialog-actions">
        <button onClick={props.onCancel} autoFocus>
          Cancel
        </button>
        <button className="danger" onClick={props.onConfirm}>
          {props.confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
