// The plugin UI's root: the tab bar fixed at the top, the tab's content scrolling under it, the
// Generate footer fixed at the bottom, Cmd/Ctrl+Enter to generate from anywhere on the Generate tab, a clock for
// elapsed times, and the app state handed down through context.
import { useEffect, useState } from './hooks';
import type { AppState, TabName } from '../state/app-state';
import { AppContext } from './app-context';
import { ErrorMessage } from './fields';
import { GenerateFooter } from './generate-footer';
import { GenerateTab } from './generate-tab';
import { isOpenJob } from '../../src/protocol/job-lifecycle';
import { JobsTab } from './jobs-tab';
import { SettingsTab } from './settings-tab';
import { TabBar } from './tab-bar';

export function App(props: { app: AppState }) {
  const { app } = props;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const openJobs = app.jobs.value.filter(isOpenJob).length;
  return (
    <AppContext.Provider value={app}>
      <main
        class="app"
        onKeyDown={(event) => {
          // Only where Generate is in view: on Settings it would spend credits from a field about something else.
          if (event.key === 'Enter' && (event.metaKey || event.ctrlKey) && app.tab.value === 'Generate') {
            event.preventDefault();
            void app.generateAsync();
          }
        }}
      >
        {/* The page's name in screen readers' list of headings (the tab bar's label says it too). */}
        <h1 class="visually-hidden">Backdrop</h1>
        {app.initError.value ? <ErrorMessage message={app.initError.value.message} detail={app.initError.value.detail} /> : null}
        <TabBar<TabName>
          value={app.tab.value}
          onChange={(value) => {
            app.showTab(value);
          }}
          tabs={[
            { value: 'Generate', label: 'Generate', panel: () => <GenerateTab /> },
            { value: 'Jobs', label: openJobs > 0 ? `Jobs (${openJobs})` : 'Jobs', panel: () => <JobsTab now={now} /> },
            { value: 'Settings', label: 'Settings', panel: () => <SettingsTab /> },
          ]}
        />
        {app.tab.value === 'Generate' ? <GenerateFooter /> : null}
        {openJobs > 0 && app.tab.value === 'Settings' ? (
          <div class="status-bar" role="status">
            {openJobs} job{openJobs === 1 ? '' : 's'} running
          </div>
        ) : null}
      </main>
    </AppContext.Provider>
  );
}
