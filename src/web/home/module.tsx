import { lazyPage } from '../app/lazy-page.ts';
import type { WebModule } from '../app/module.ts';

const HomePage = lazyPage(() => import('./home-page.tsx'), 'HomePage');

export const homeModule: WebModule = {
  id: 'home',
  nav: [{ to: '/', label: 'common:home.title', icon: 'home', section: 'work', order: 0 }],
  routes: [{ path: '/', element: <HomePage /> }],
};
