import { useEffect } from 'react';

/** Names the window after the screen, so the OS task switcher says where you are. */
export function useTitle(title: string | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} \u2013 Parley` : 'Parley';
  }, [title]);
}
