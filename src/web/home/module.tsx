import type { WebModule } from '../app/module.ts';
import { HomePage } from './home-page.tsx';

export const homeModule: WebModule = {
  id: 'home',
  nav: [{ to: '/', label: 'common:home.title', icon: 'home', section: 'work', order: 0 }],
  routes: [{ path: '/', element: <HomePage /> }],
};
