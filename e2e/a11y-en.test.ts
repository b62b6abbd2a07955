/** The accessibility sweep of every main screen in English (the screens are listed in a11y-sweep.ts). */
import { a11ySweep } from './a11y-sweep.ts';

a11ySweep('en');
