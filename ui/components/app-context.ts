// Hands the app state to every component without threading it through props.
import { createContext } from './render';
import { useContext } from './hooks';
import type { AppState } from '../state/app-state';

export const AppContext = createContext<AppState | null>(null);

export function useApp(): AppState {
  const app = useContext(AppContext);
  if (!app) throw new Error('useApp outside <AppContext.Provider>');
  return app;
}
