/** The 图像校对 section of the 学籍 page (`id`), where 个人中心's 图像校对 leads. */
export const PHOTOS_ANCHOR = 'photos';

export const PHOTOS_LINK = `/me/enrollments#${PHOTOS_ANCHOR}`;
