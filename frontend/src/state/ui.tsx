// App-wide UI actions that any screen can trigger: quick capture and the
// command palette.
import { createContext, useContext } from 'react';

export interface UiActions {
  openCapture: (accountId?: string) => void;
  openPalette: () => void;
}

export const UiContext = createContext<UiActions>({ openCapture: () => {}, openPalette: () => {} });

export function useUi(): UiActions {
  return useContext(UiContext);
}
