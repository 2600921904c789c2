export { fsRead } from './fs-read';
export { fsWrite } from './fs-write';
export { fsList } from './fs-list';
export { fsTransform } from './fs-transform';
