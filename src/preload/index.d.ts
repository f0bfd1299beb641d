import type { BriefingsApi } from '../shared/api';

declare global {
  interface Window {
    briefings: BriefingsApi;
  }
}
