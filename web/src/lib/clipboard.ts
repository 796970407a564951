// Copies text to the clipboard; true when it was copied. Without the clipboard API (an
// insecure origin) or its permission, `select`'s text is selected for a manual copy instead.
export async function copyText(text: string, select?: HTMLElement | null): Promise<boolean> {
  try {
    if (!navigator.clipboard) throw new Error("no clipboard");
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (select) {
      const range = document.createRange();
      range.selectNodeContents(select);
      const selection = getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
    }
    return false;
  }
}
