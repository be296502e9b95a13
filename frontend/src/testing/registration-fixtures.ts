/** `GET /api/v1/registration` answers at each stage of a registration (for the step tests). */
export const activated = {
  email: 'li.ming@example.cn',
  status: 'activated',
  name: null,
  id_number: null,
  birth_date: null,
  sex: null,
  phone: null,
  phone_verified: false,
  records_found: null,
};

/** After the real-name step. */
export const withIdentity = (recordsFound = true) => ({
  ...activated,
  name: '李明',
  id_number: '11010519491231002X',
  birth_date: '1949-12-31',
  sex: '女',
  records_found: recordsFound,
});

/** After the phone step: ready to confirm. */
export const withPhone = (recordsFound = true) => ({ ...withIdentity(recordsFound), phone: '13812345678', phone_verified: true });
